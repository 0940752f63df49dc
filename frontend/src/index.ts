// Value exports: the element classes (registering them is left to `django-dlwidget/define`).
export { defineElement } from "./define-element.js";
// Type exports.
export type { AutoMode, AutoOptions } from "./download-centre/auto-transport.js";
export { createAutoTransport } from "./download-centre/auto-transport.js";
export type { CentreConfig, Mode } from "./download-centre/config.js";
export { DlwDownloadCentre } from "./download-centre/element.js";
export {
  emitDownloadEvent,
  FAILED_EVENT,
  READY_EVENT,
  REFRESH_EVENT,
} from "./download-centre/events.js";
export type {
  OpenSocket,
  Platform,
  SocketHandle,
  SocketHandlers,
} from "./download-centre/platform.js";
export { browserPlatform } from "./download-centre/platform.js";
export type { PollOptions } from "./download-centre/poll-transport.js";
export { createPollTransport, nextDelay } from "./download-centre/poll-transport.js";
export type { SocketHooks, SocketOptions } from "./download-centre/socket-transport.js";
export {
  createSocketTransport,
  NOT_LOGGED_IN,
  reconnectDelay,
  socketUrl,
} from "./download-centre/socket-transport.js";
export type { CentreState, Transition } from "./download-centre/state.js";
export { badgeCount, createState, reduce, transitions } from "./download-centre/state.js";
export type { EventSink, Transport } from "./download-centre/transport.js";
export type {
  Download,
  DownloadEvent,
  DownloadStatus,
  RemovedEvent,
  ServerEvent,
  SnapshotEvent,
} from "./download-centre/types.js";
export { parseServerEvent } from "./download-centre/types.js";
export type { ClassMap as UploadClassMap, Role as UploadRole } from "./upload/classes.js";
export { DlwUpload } from "./upload/element.js";
export type {
  UploadCompleteDetail,
  UploadErrorDetail,
  UploadEventMap,
  UploadProgressDetail,
  UploadStartDetail,
} from "./upload/events.js";
export { COMPLETE_EVENT, ERROR_EVENT, PROGRESS_EVENT, START_EVENT } from "./upload/events.js";
export type { UploadPlatform } from "./upload/platform.js";
export { browserUploadPlatform } from "./upload/platform.js";
export type { UploadState } from "./upload/state.js";
export { IllegalTransition, TRANSITIONS, UploadMachine } from "./upload/state.js";
export type { TaskFactory, TaskOptions, UploadFailure, UploadTask } from "./upload/task.js";
