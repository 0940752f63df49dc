// A manual clock for unit tests: time moves only when the test calls `advance`, and due timers run
// in order (including timers they set). Implements `Clock` from `src/shared/clock.ts`.
import type { Clock, TimerId } from "../src/shared/clock.js";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  time = Date.parse("2025-01-01T12:00:00Z");
  timers: Timer[] = [];
  #next = 1;

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): TimerId => {
    const id = this.#next++;
    this.timers.push({ id, at: this.time + ms, callback });
    return id as unknown as TimerId;
  };

  clearTimeout = (id: TimerId): void => {
    this.timers = this.timers.filter((t) => t.id !== (id as unknown as number));
  };

  /** The delay of the earliest pending timer. */
  nextDelay(): number | undefined {
    const at = Math.min(...this.timers.map((t) => t.at));
    return Number.isFinite(at) ? at - this.time : undefined;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}
