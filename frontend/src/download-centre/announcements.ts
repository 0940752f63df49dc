// What the live region says when downloads change status, and which changes are "finished" ones
// that fire `dlw:download-ready` / `dlw:download-failed` (and may show a notification).
import type { CentreConfig } from "./config.js";
import { emitDownloadEvent, FAILED_EVENT, READY_EVENT } from "./events.js";
import type { Platform } from "./platform.js";
import type { Transition } from "./state.js";
import { type StringKey, type Strings, withName } from "./strings.js";
import type { Download, DownloadStatus } from "./types.js";

const ANNOUNCED: Partial<Record<DownloadStatus, StringKey>> = {
  pending: "started",
  running: "started",
  ready: "isReady",
  failed: "isFailed",
  cancelled: "isCancelled",
};

export interface Announcement {
  message: string;
  download: Download;
  /** Ready or failed: the element fires its event for it. */
  finished: boolean;
}

/** One announcement per change worth saying ("started" once: not again for pending -> running). */
export function announcements(changes: readonly Transition[], strings: Strings): Announcement[] {
  const result: Announcement[] = [];
  for (const { download, from } of changes) {
    const key = ANNOUNCED[download.status];
    if (!key || (download.status === "running" && from === "pending")) {
      continue;
    }
    result.push({
      message: withName(strings[key], download.name),
      download,
      finished: download.status === "ready" || download.status === "failed",
    });
  }
  return result;
}

/**
 * Fires the finished changes' events on `target` (and, with `data-notify` in a hidden tab, their
 * notifications); returns what the live region should say.
 */
export function reportChanges(
  target: EventTarget,
  changes: readonly Transition[],
  config: CentreConfig,
  platform: Platform,
): string {
  const said = announcements(changes, config.strings);
  for (const { download, message, finished } of said) {
    if (finished) {
      emitDownloadEvent(target, download.status === "ready" ? READY_EVENT : FAILED_EVENT, download);
      if (config.notify && platform.visibility.isHidden()) {
        platform.notify(message, download.key);
      }
    }
  }
  return said.map((a) => a.message).join(". ");
}
