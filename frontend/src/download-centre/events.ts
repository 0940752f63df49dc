// The element's DOM events, for the host page.
//   dlw:refresh          dispatch it (on document or any element) after starting a job: the centre
//                        refreshes at once and tells the user's other tabs.
//   dlw:download-ready   fired by the element when a download becomes ready (detail: the download JSON).
//   dlw:download-failed  fired when one fails (detail: the download JSON).
// Both are bubbling, composed CustomEvents, not fired for the list the page was rendered with.
import type { Download } from "./types.js";

export const REFRESH_EVENT = "dlw:refresh";
export const READY_EVENT = "dlw:download-ready";
export const FAILED_EVENT = "dlw:download-failed";

/** The element's events and their types (`detail` is the download JSON). */
export interface DownloadCentreEventMap {
  "dlw:download-ready": CustomEvent<Download>;
  "dlw:download-failed": CustomEvent<Download>;
}

/** The detail of `dlw:download-ready` and `dlw:download-failed`. */
export type DownloadEventDetail = Download;

export function emitDownloadEvent(
  target: EventTarget,
  type: typeof READY_EVENT | typeof FAILED_EVENT,
  download: Download,
): void {
  target.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: download }));
}

declare global {
  interface HTMLElementEventMap extends DownloadCentreEventMap {}
  interface DocumentEventMap extends DownloadCentreEventMap {
    "dlw:refresh": Event;
  }
}
