// Time behind a small interface, so tests drive it with a manual clock (`tests/fake-clock.ts`)
// instead of real timers. Every element, transport and `Subscriptions` takes a `Clock`.

/** What `setTimeout` returns in this environment (a number in browsers). */
export type TimerId = ReturnType<typeof setTimeout>;

export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** The real clock: `Date.now` and the global timers. */
export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (id) => clearTimeout(id),
};
