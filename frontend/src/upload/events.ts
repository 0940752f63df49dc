// The element's DOM events (bubbling, composed CustomEvents dispatched on <dlw-upload>):
//   dlw:upload-start     a file started uploading (detail: name, size, file)
//   dlw:upload-progress  bytes went out (detail: name, bytesSent, bytesTotal, percent, speed)
//   dlw:upload-complete  the server has the whole file (detail: name, size, token)
//   dlw:upload-error     the upload failed or the file was refused before (detail: name, message)

export const START_EVENT = "dlw:upload-start";
export const PROGRESS_EVENT = "dlw:upload-progress";
export const COMPLETE_EVENT = "dlw:upload-complete";
export const ERROR_EVENT = "dlw:upload-error";

export interface UploadStartDetail {
  name: string;
  size: number;
  file: File;
}

export interface UploadProgressDetail {
  name: string;
  bytesSent: number;
  bytesTotal: number;
  percent: number;
  /** Bytes per second (0 until known). */
  speed: number;
}

export interface UploadCompleteDetail {
  name: string;
  size: number;
  token: string;
}

export interface UploadErrorDetail {
  name: string;
  message: string;
  /** The HTTP status, or 0 (no answer, or refused in the browser). */
  status: number;
}

export interface UploadEventMap {
  "dlw:upload-start": CustomEvent<UploadStartDetail>;
  "dlw:upload-progress": CustomEvent<UploadProgressDetail>;
  "dlw:upload-complete": CustomEvent<UploadCompleteDetail>;
  "dlw:upload-error": CustomEvent<UploadErrorDetail>;
}

export function emit<K extends keyof UploadEventMap>(
  target: EventTarget,
  type: K,
  detail: UploadEventMap[K]["detail"],
): void {
  target.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
}

declare global {
  interface HTMLElementEventMap extends UploadEventMap {}
}
