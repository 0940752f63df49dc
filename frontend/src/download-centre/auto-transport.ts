// `auto` mode: the socket first; polling when the socket cannot connect or keeps dying; and, while
// polling, a fresh socket tried now and then (every `upgradeDelay`, doubling up to
// `maxUpgradeDelay`), which takes over from polling once its snapshot arrives. A server that
// refuses the socket (4401: not logged in; 4503: no channel layer; 4403: a foreign Origin) gets no
// more attempts: polling answers for itself. A 4429 (the user holds as many sockets as allowed)
// polls too, and tries a socket again on the same schedule: another tab may have closed one.
import { backoffDelay } from "../shared/backoff.js";
import type { Clock, TimerId } from "./platform.js";
import { type SocketHooks, TOO_MANY_SOCKETS } from "./socket-transport.js";
import type { Transport } from "./transport.js";

export interface AutoOptions {
  /** A new socket transport reporting to `hooks` (not started). */
  socket(hooks: SocketHooks): Transport;
  /** A new polling transport (not started). */
  poll(): Transport;
  clock: Clock;
  random: () => number;
  /** Consecutive socket failures before falling back to polling. */
  fallbackAfter?: number;
  upgradeDelay?: number;
  maxUpgradeDelay?: number;
}

export type AutoMode = "socket" | "polling" | "stopped";

export function createAutoTransport(options: AutoOptions): AutoTransport {
  return new AutoTransport(options);
}

export class AutoTransport implements Transport {
  #mode: AutoMode = "socket";
  #socket: Transport | null = null;
  /** An upgrade attempt, made while polling. */
  #probe: Transport | null = null;
  #poll: Transport | null = null;
  #upgrades = 0;
  #timer: TimerId | null = null;
  private readonly options: AutoOptions;

  constructor(options: AutoOptions) {
    this.options = options;
  }

  get mode(): AutoMode {
    return this.#mode;
  }

  start(): void {
    this.#socket = this.#open();
    this.#socket.start();
  }

  stop(): void {
    this.#mode = "stopped";
    this.#clearTimer();
    for (const transport of [this.#socket, this.#probe, this.#poll]) {
      transport?.stop();
    }
    this.#socket = this.#probe = this.#poll = null;
  }

  refresh(): void {
    (this.#poll ?? this.#socket)?.refresh();
  }

  resync(): void {
    (this.#poll ?? this.#socket)?.resync();
  }

  #open(): Transport {
    const socket: Transport = this.options.socket({
      onLive: () => this.#live(socket),
      onDown: (failures) => this.#down(socket, failures),
      onRefused: (code) => this.#refused(socket, code),
    });
    return socket;
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      this.options.clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #live(socket: Transport): void {
    this.#upgrades = 0;
    if (socket === this.#probe) {
      // The socket works again: it takes over, polling ends.
      this.#probe = null;
      this.#socket = socket;
      this.#poll?.stop();
      this.#poll = null;
      this.#mode = "socket";
    }
  }

  #down(socket: Transport, failures: number): void {
    if (socket === this.#probe) {
      socket.stop();
      this.#probe = null;
      this.#upgrades += 1;
      this.#scheduleUpgrade();
    } else if (socket === this.#socket && failures >= (this.options.fallbackAfter ?? 2)) {
      this.#fallBack(true);
    }
  }

  #refused(socket: Transport, code: number): void {
    const later = code === TOO_MANY_SOCKETS;
    if (socket === this.#probe) {
      this.#probe = null;
      if (later) {
        this.#upgrades += 1;
        this.#scheduleUpgrade();
      }
    } else if (socket === this.#socket) {
      this.#fallBack(later);
    }
  }

  #fallBack(upgrade: boolean): void {
    this.#socket?.stop();
    this.#socket = null;
    this.#mode = "polling";
    const poll = this.options.poll();
    this.#poll = poll;
    poll.start();
    poll.refresh(); // what happened while the socket was failing
    if (upgrade) {
      this.#scheduleUpgrade();
    }
  }

  #scheduleUpgrade(): void {
    const { upgradeDelay = 30_000, maxUpgradeDelay = 600_000 } = this.options;
    const delay = backoffDelay(this.#upgrades, upgradeDelay, maxUpgradeDelay, this.options.random);
    this.#clearTimer();
    this.#timer = this.options.clock.setTimeout(() => {
      this.#timer = null;
      this.#probe = this.#open();
      this.#probe.start();
    }, delay);
  }
}
