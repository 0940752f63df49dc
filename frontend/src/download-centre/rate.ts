// Time left for running jobs, estimated from the rate at which their progress has moved since this
// page first saw them running: (100 - p) / ((p - p0) / (t - t0)). No estimate until the progress has
// moved and a few seconds have passed (an early guess jumps around); none once the job has stopped.
import type { Download } from "./types.js";

/** Seconds of observation before the first estimate. */
export const MIN_OBSERVED_MS = 3000;

interface Sample {
  at: number;
  progress: number;
}

export class RateTracker {
  readonly #first = new Map<string, Sample>();

  /** Records what `downloads` show at `now`; forgets jobs that are no longer running. */
  observe(downloads: readonly Download[], now: number): void {
    const running = new Set<string>();
    for (const download of downloads) {
      if (download.status !== "running") {
        continue;
      }
      running.add(download.key);
      if (!this.#first.has(download.key)) {
        this.#first.set(download.key, { at: now, progress: download.progress });
      }
    }
    for (const key of this.#first.keys()) {
      if (!running.has(key)) {
        this.#first.delete(key);
      }
    }
  }

  /** Seconds left for `download` at `now`, or null when there is no sound estimate yet. */
  secondsLeft(download: Download, now: number): number | null {
    const first = this.#first.get(download.key);
    if (!first || download.status !== "running") {
      return null;
    }
    const elapsed = now - first.at;
    const moved = download.progress - first.progress;
    if (elapsed < MIN_OBSERVED_MS || moved <= 0) {
      return null;
    }
    const left = ((100 - download.progress) * elapsed) / moved / 1000;
    return Math.max(0, Math.round(left));
  }
}
