// The text an item shows besides its name: the status (with "Waiting for a worker" for a pending
// job no worker has picked up in time) and the details line: percentage and time left while it
// runs; size, finish time and expiry once finished.
import { formatBytes } from "../shared/bytes.js";
import { fill } from "../shared/data-map.js";
import type { Strings } from "./strings.js";
import { clockTime, duration } from "./time.js";
import type { Download } from "./types.js";

export interface DetailsContext {
  now: number;
  lang: string | undefined;
  strings: Strings;
  /** Milliseconds a pending job may wait before it says "Waiting for a worker". */
  workerWait: number;
  /** The estimate for a running job (RateTracker), or null. */
  secondsLeft: number | null;
}

/** Pending for at least `workerWait` ms (by the server's `created` time). */
export function isWaitingForWorker(download: Download, now: number, workerWait: number): boolean {
  return download.status === "pending" && now - Date.parse(download.created) >= workerWait;
}

export function statusText(download: Download, context: DetailsContext): string {
  return isWaitingForWorker(download, context.now, context.workerWait)
    ? context.strings.waiting
    : context.strings[download.status];
}

function percent(progress: number, lang: string | undefined): string {
  const value = Math.max(0, Math.min(100, Math.round(progress))) / 100;
  return new Intl.NumberFormat(lang, { style: "percent" }).format(value);
}

/** "40 % · 2 min left", "1.2 MB · finished 14:05 · expires 2 Jan 2025, 14:05", or "". */
export function detailsText(download: Download, context: DetailsContext): string {
  const { strings, lang, now } = context;
  const parts: string[] = [];
  if (download.status === "running") {
    parts.push(percent(download.progress, lang));
    if (context.secondsLeft !== null) {
      parts.push(fill(strings.timeLeft, { time: duration(context.secondsLeft, lang) }));
    }
  } else if (download.status !== "pending") {
    if (download.status === "ready" && download.size !== null) {
      parts.push(formatBytes(download.size, lang));
    }
    if (download.finished) {
      parts.push(fill(strings.finishedAt, { time: clockTime(download.finished, now, lang) }));
    }
    if (download.status === "ready" && download.expires) {
      parts.push(fill(strings.expiresAt, { time: clockTime(download.expires, now, lang) }));
    }
  }
  return parts.join(" · ");
}
