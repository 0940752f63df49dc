// Polls the list endpoint with If-None-Match. Fast (activeInterval) while a job is pending or running;
// otherwise the delay doubles per unchanged answer from `interval` up to `maxDelay`; errors back off
// the same way. Every backed-off delay is jittered into [d/2, d]. Hidden tabs pause and refresh at
// once when shown.
import { backoffDelay } from "../shared/backoff.js";
import { StateMachine, type TransitionTable } from "../shared/state-machine.js";
import type { Clock, Fetch, Visibility } from "./platform.js";
import type { EventSink, Transport } from "./transport.js";
import { isSnapshotBody } from "./types.js";

export interface DelayInput {
  failures: number;
  idleRounds: number;
  active: boolean;
}

export interface DelayConfig {
  interval: number;
  activeInterval: number;
  maxDelay: number;
}

export function nextDelay(input: DelayInput, config: DelayConfig, random: () => number): number {
  if (!input.failures && input.active) {
    return config.activeInterval;
  }
  const attempt = input.failures ? input.failures - 1 : input.idleRounds;
  return backoffDelay(attempt, config.interval, config.maxDelay, random);
}

export interface PollOptions {
  url: string;
  interval: number;
  activeInterval?: number;
  maxDelay?: number;
  fetch: Fetch;
  clock: Clock;
  visibility: Visibility;
  random: () => number;
  /** Whether a job is pending or running (poll fast). */
  isActive(): boolean;
  /** Keep polling (at `interval`) while the tab is hidden, e.g. to show a notification. */
  pollWhileHidden?: () => boolean;
  onEvent: EventSink;
  onError?: (error: unknown) => void;
}

export class PollError extends Error {
  constructor(readonly status: number) {
    super(`download list answered ${status}`);
  }
}

type PollState = "idle" | "waiting" | "fetching" | "paused" | "stopped";

const ALLOWED: TransitionTable<PollState> = {
  idle: ["waiting", "paused", "stopped"],
  waiting: ["waiting", "fetching", "paused", "stopped"],
  fetching: ["waiting", "paused", "stopped"],
  paused: ["fetching", "stopped"],
  stopped: [],
};

export function createPollTransport(options: PollOptions): PollTransport {
  return new PollTransport(options);
}

export class PollTransport implements Transport {
  readonly #machine = new StateMachine(ALLOWED, "idle", { name: "dlw poll transport" });
  #timer: ReturnType<Clock["setTimeout"]> | null = null;
  #abort: AbortController | null = null;
  #etag: string | null = null;
  #version: number | null = null;
  #failures = 0;
  #idleRounds = 0;
  #again = false;
  #unsubscribe: (() => void) | null = null;
  readonly #config: DelayConfig;
  private readonly options: PollOptions;

  constructor(options: PollOptions) {
    this.options = options;
    const activeInterval = Math.min(options.activeInterval ?? 1000, options.interval);
    this.#config = {
      interval: options.interval,
      activeInterval,
      maxDelay: Math.max(options.maxDelay ?? 60_000, options.interval),
    };
  }

  get state(): PollState {
    return this.#machine.state;
  }

  start(): void {
    this.#unsubscribe = this.options.visibility.subscribe(() => this.#onVisibility());
    this.#schedule(this.#delay());
  }

  stop(): void {
    if (this.state === "stopped") {
      return;
    }
    this.#clearTimer();
    this.#unsubscribe?.();
    this.#machine.to("stopped");
    this.#abort?.abort();
  }

  refresh(): void {
    this.#idleRounds = 0;
    if (this.state === "fetching") {
      this.#again = true;
    } else if (this.state === "waiting") {
      this.#fetch();
    }
    // idle: not started; paused: becoming visible refreshes; stopped: nothing to do.
  }

  resync(): void {
    this.refresh();
  }

  #paused(): boolean {
    return this.options.visibility.isHidden() && !this.options.pollWhileHidden?.();
  }

  #delay(): number {
    const delay = nextDelay(
      { failures: this.#failures, idleRounds: this.#idleRounds, active: this.options.isActive() },
      this.#config,
      this.options.random,
    );
    // A hidden tab that keeps polling does so at the idle pace at most.
    return this.options.visibility.isHidden() ? Math.max(delay, this.#config.interval) : delay;
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      this.options.clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #schedule(ms: number): void {
    this.#clearTimer();
    if (this.#paused()) {
      this.#machine.to("paused");
      return;
    }
    this.#machine.to("waiting");
    this.#timer = this.options.clock.setTimeout(() => {
      this.#timer = null;
      this.#fetch();
    }, ms);
  }

  #onVisibility(): void {
    if (this.state === "paused" && !this.#paused()) {
      this.#idleRounds = 0;
      this.#fetch();
    } else if (this.state === "waiting" && this.#paused()) {
      this.#schedule(0); // moves to paused
    }
  }

  #fetch(): void {
    this.#clearTimer();
    this.#machine.to("fetching");
    const abort = new AbortController();
    this.#abort = abort;
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.#etag) {
      headers["If-None-Match"] = this.#etag;
    }
    this.options
      .fetch(this.options.url, {
        headers,
        credentials: "same-origin",
        cache: "no-store",
        signal: abort.signal,
      })
      .then((response) => this.#receive(response))
      .then(
        (changed) => {
          this.#failures = 0;
          this.#idleRounds = changed ? 0 : this.#idleRounds + 1;
        },
        (error: unknown) => {
          if (!abort.signal.aborted) {
            this.#failures += 1;
            this.options.onError?.(error);
          }
        },
      )
      .finally(() => {
        if (this.state !== "fetching") {
          return; // stopped meanwhile
        }
        this.#abort = null;
        const again = this.#again;
        this.#again = false;
        this.#schedule(again ? 0 : this.#delay());
      });
  }

  /** Resolves to whether the list changed. */
  async #receive(response: Response): Promise<boolean> {
    if (response.status === 304) {
      return false;
    }
    if (!response.ok) {
      throw new PollError(response.status);
    }
    const body: unknown = await response.json();
    if (!isSnapshotBody(body)) {
      throw new PollError(response.status);
    }
    this.#etag = response.headers.get("ETag");
    const changed = body.version !== this.#version;
    this.#version = body.version;
    this.options.onEvent({ type: "snapshot", version: body.version, downloads: body.downloads });
    return changed;
  }
}
