// What one upload's state change tells the page: an announcement in the live region and a
// `dlw:upload-*` event on the element. Only changes report: an upload a re-shown form carries
// starts in `complete` and so tells nothing on load.
import { COMPLETE_EVENT, ERROR_EVENT, emit, PROGRESS_EVENT, START_EVENT } from "./events.js";
import type { UploadItem } from "./item.js";
import type { UploadState } from "./state.js";
import { fill, type StringKey, type Strings } from "./strings.js";

const ANNOUNCE: Partial<Record<UploadState, StringKey>> = {
  uploading: "started",
  complete: "completed",
  paused: "pausedNotice",
  retrying: "offline", // "Waiting for the connection": said once, not at every countdown tick
};

export interface ReportTarget {
  readonly element: HTMLElement;
  readonly strings: Strings;
  announce(message: string): void;
  /** The readable reason of a failed upload (what its row shows). */
  errorText(item: UploadItem): string;
}

export function reportChange(
  target: ReportTarget,
  item: UploadItem,
  from: UploadState,
  to: UploadState,
): void {
  const { element } = target;
  const key = ANNOUNCE[to];
  if (key && (to !== "uploading" || from === "idle")) {
    target.announce(fill(target.strings[key], { name: item.name }));
  }
  if (to === "uploading" && from === "idle" && item.file) {
    emit(element, START_EVENT, { name: item.name, size: item.size, file: item.file });
  } else if (to === "complete" && item.file) {
    emit(element, COMPLETE_EVENT, { name: item.name, size: item.size, token: item.token });
  } else if (to === "error") {
    const message = target.errorText(item);
    target.announce(message);
    emit(element, ERROR_EVENT, { name: item.name, message, status: item.failure?.status ?? 0 });
  }
}

/** Bytes went out: `dlw:upload-progress`. */
export function reportProgress(element: HTMLElement, item: UploadItem): void {
  emit(element, PROGRESS_EVENT, {
    name: item.name,
    bytesSent: item.bytesSent,
    bytesTotal: item.size,
    percent: item.percent,
    speed: item.speed,
  });
}
