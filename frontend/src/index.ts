// The npm package's public API: the two element classes, their event names and event detail types,
// and the Download wire types. Registering the elements is left to `django-dlwidget/define` (or
// `defineElement`). Transports, reducers, platforms and state machines are internals.

// Values.
export { defineElement } from "./define-element.js";
export { DlwDownloadCentre } from "./download-centre/element.js";
// Types.
export type { DownloadCentreEventMap, DownloadEventDetail } from "./download-centre/events.js";
export { FAILED_EVENT, READY_EVENT, REFRESH_EVENT } from "./download-centre/events.js";
export type {
  Download,
  DownloadEvent,
  DownloadStatus,
  RemovedEvent,
  ServerEvent,
  SnapshotEvent,
} from "./download-centre/types.js";
export { DlwUpload } from "./upload/element.js";
export type {
  UploadCompleteDetail,
  UploadErrorDetail,
  UploadEventMap,
  UploadProgressDetail,
  UploadStartDetail,
} from "./upload/events.js";
export { COMPLETE_EVENT, ERROR_EVENT, PROGRESS_EVENT, START_EVENT } from "./upload/events.js";
