// The WebSocket transport. The server sends a snapshot on every connect, then one event per change, so
// a reconnect is also a full re-sync: nothing published while the socket was down is missed. Closed
// sockets reconnect after an exponential, jittered delay (a deploy must not bring every client back
// in the same millisecond). The server's own close codes are refusals that retrying in a loop cannot
// help: 4401 "not logged in", 4503 "no channel layer", 4403 "not the site's own Origin" and 4429
// "the user holds as many sockets as allowed". The transport stops and reports which it was; the
// caller polls (and `auto` tries a socket again later after a 4429, when one may have closed).
import { backoffDelay } from "../shared/backoff.js";
import {
  LIVE_UNAVAILABLE_CLOSE_CODE,
  NOT_LOGGED_IN_CLOSE_CODE,
  ORIGIN_REFUSED_CLOSE_CODE,
  TOO_MANY_SOCKETS_CLOSE_CODE,
} from "../shared/contract.js";
import { StateMachine, type TransitionTable } from "../shared/state-machine.js";
import type { Clock, OpenSocket, SocketHandle, TimerId } from "./platform.js";
import type { EventSink, Transport } from "./transport.js";
import { parseServerEvent } from "./types.js";

/** The server's close code for a socket without a logged-in user. */
export const NOT_LOGGED_IN = NOT_LOGGED_IN_CLOSE_CODE;
/** The server's close code when it has no channel layer: it can push nothing, so poll. */
export const LIVE_UNAVAILABLE = LIVE_UNAVAILABLE_CLOSE_CODE;
/** The server's close code for a socket from another site's page (or an untrusted proxy). */
export const ORIGIN_REFUSED = ORIGIN_REFUSED_CLOSE_CODE;
/** The server's close code when the user already holds `WS_MAX_SOCKETS_PER_USER` sockets. */
export const TOO_MANY_SOCKETS = TOO_MANY_SOCKETS_CLOSE_CODE;
const REFUSALS: readonly number[] = [
  NOT_LOGGED_IN,
  LIVE_UNAVAILABLE,
  ORIGIN_REFUSED,
  TOO_MANY_SOCKETS,
];
const NORMAL_CLOSURE = 1000;
const ABNORMAL_CLOSURE = 1006;

/** The socket's address: `configured` as it is when absolute, else resolved against the page with
 * ws:// or wss:// matching the page's http:// or https://. */
export function socketUrl(configured: string, page: string): string {
  const url = new URL(configured, page);
  if (url.protocol === "http:" || url.protocol === "https:") {
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  }
  return url.href;
}

export interface SocketHooks {
  /** The socket is live: its snapshot arrived. */
  onLive?: () => void;
  /** The socket closed or could not open; `failures` counts attempts since it was last live. */
  onDown?: (failures: number, code: number) => void;
  /** The server refused the socket (`NOT_LOGGED_IN`, `LIVE_UNAVAILABLE`, `ORIGIN_REFUSED` or
   * `TOO_MANY_SOCKETS`, the `code`); the transport has stopped. */
  onRefused?: (code: number) => void;
}

export interface SocketOptions extends SocketHooks {
  /** An absolute ws:// or wss:// URL (see `socketUrl`). */
  url: string;
  openSocket: OpenSocket;
  clock: Clock;
  random: () => number;
  onEvent: EventSink;
  minDelay?: number;
  maxDelay?: number;
}

type SocketState = "idle" | "connecting" | "live" | "waiting" | "stopped";

const ALLOWED: TransitionTable<SocketState> = {
  idle: ["connecting", "stopped"],
  connecting: ["live", "waiting", "stopped"],
  live: ["connecting", "waiting", "stopped"],
  waiting: ["connecting", "stopped"],
  stopped: [],
};

export function createSocketTransport(options: SocketOptions): SocketTransport {
  return new SocketTransport(options);
}

export class SocketTransport implements Transport {
  readonly #machine = new StateMachine(ALLOWED, "idle", { name: "dlw socket transport" });
  #socket: SocketHandle | null = null;
  /** Identifies the current socket: callbacks of a socket we replaced or closed are ignored. */
  #current: object | null = null;
  #timer: TimerId | null = null;
  #failures = 0;
  private readonly options: SocketOptions;

  constructor(options: SocketOptions) {
    this.options = options;
  }

  get state(): SocketState {
    return this.#machine.state;
  }

  start(): void {
    this.#connect();
  }

  stop(): void {
    if (this.state === "stopped") {
      return;
    }
    this.#clearTimer();
    this.#machine.to("stopped");
    this.#drop();
  }

  /** Nothing to do: a live socket is pushed every change, a reconnecting one gets a snapshot. */
  refresh(): void {}

  /** A version gap: reconnect at once for a fresh snapshot (unless one is already on its way). */
  resync(): void {
    if (this.state === "live") {
      this.#drop();
      this.#connect();
    }
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      this.options.clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  /** Forgets the current socket and closes it; its close event will be ignored. */
  #drop(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#current = null;
    socket?.close(NORMAL_CLOSURE);
  }

  #connect(): void {
    this.#clearTimer();
    this.#machine.to("connecting");
    const token = {};
    this.#current = token;
    try {
      this.#socket = this.options.openSocket(this.options.url, {
        open: () => undefined, // the snapshot, not the handshake, makes a socket live
        message: (data) => {
          if (this.#current === token) {
            this.#receive(data);
          }
        },
        close: (code) => {
          if (this.#current === token) {
            this.#closed(code);
          }
        },
      });
    } catch {
      this.#closed(ABNORMAL_CLOSURE);
    }
  }

  #receive(data: unknown): void {
    if (typeof data !== "string") {
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const event = parseServerEvent(raw);
    if (!event) {
      return;
    }
    this.options.onEvent(event);
    if (event.type === "snapshot" && this.state === "connecting") {
      this.#failures = 0;
      this.#machine.to("live");
      this.options.onLive?.();
    }
  }

  #closed(code: number): void {
    this.#socket = null;
    this.#current = null;
    if (REFUSALS.includes(code)) {
      this.#machine.to("stopped");
      this.options.onRefused?.(code);
      return;
    }
    this.#failures += 1;
    this.#machine.to("waiting");
    const { minDelay = 1000, maxDelay = 30_000 } = this.options;
    const delay = backoffDelay(this.#failures - 1, minDelay, maxDelay, this.options.random);
    this.#timer = this.options.clock.setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delay);
    // Last: the hook may stop this transport (auto mode falling back to polling).
    this.options.onDown?.(this.#failures, code);
  }
}
