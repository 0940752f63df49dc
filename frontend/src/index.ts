// Value exports: the element classes (registering them is left to `django-dlwidget/define`).
export { defineElement } from "./define-element";
// Type exports.
export type { CentreConfig, Mode } from "./download-centre/config";
export { DlwDownloadCentre } from "./download-centre/element";
export {
  emitDownloadEvent,
  FAILED_EVENT,
  READY_EVENT,
  REFRESH_EVENT,
} from "./download-centre/events";
export type { Platform } from "./download-centre/platform";
export { browserPlatform } from "./download-centre/platform";
export type { PollOptions } from "./download-centre/poll-transport";
export { createPollTransport, nextDelay } from "./download-centre/poll-transport";
export type { CentreState, Transition } from "./download-centre/state";
export { badgeCount, createState, reduce, transitions } from "./download-centre/state";
export type { EventSink, Transport } from "./download-centre/transport";
export type {
  Download,
  DownloadEvent,
  DownloadStatus,
  RemovedEvent,
  ServerEvent,
  SnapshotEvent,
} from "./download-centre/types";
export { DlwUpload } from "./upload/element";
