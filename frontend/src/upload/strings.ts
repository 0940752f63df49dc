// User-visible text. The widget renders Django's translated strings into `data-strings`
// (`django_dlwidget/uploads/element.py`); these English defaults cover an element created
// without it. Placeholders use Django's `%(name)s` syntax.

import { stringsParser } from "../shared/data-map.js";

export { fill } from "../shared/data-map.js";

export const DEFAULT_STRINGS = {
  idle: "Waiting",
  uploading: "Uploading",
  paused: "Paused",
  complete: "Uploaded",
  error: "Failed",
  cancelled: "Cancelled",
  drop: "Drop files here",
  pause: "Pause",
  resume: "Resume",
  cancel: "Cancel",
  retry: "Retry",
  remove: "Remove",
  pauseLabel: "Pause the upload of %(name)s",
  resumeLabel: "Resume the upload of %(name)s",
  cancelLabel: "Cancel the upload of %(name)s",
  retryLabel: "Retry the upload of %(name)s",
  removeLabel: "Remove %(name)s",
  progressLabel: "Upload progress of %(name)s",
  progress: "%(done)s of %(total)s",
  speed: "%(speed)s/s, %(left)s left",
  started: "Uploading %(name)s",
  completed: "%(name)s uploaded",
  pausedNotice: "%(name)s paused",
  failed: "%(name)s could not be uploaded: %(error)s",
  tooLarge: "%(name)s is larger than the %(max)s allowed.",
  wrongType: "%(name)s is not an accepted type of file.",
  networkError: "the connection to the server was lost",
  serverError: "the server refused it (%(status)s)",
  waiting: "The form will be sent as soon as the upload has finished.",
  blockedPaused: "Resume or cancel the paused upload before sending the form.",
  blockedError: "An upload failed: retry or remove it before sending the form.",
  resumable: "Choose %(name)s again to resume its upload.",
};

export type Strings = typeof DEFAULT_STRINGS;
export type StringKey = keyof Strings;

/** Parses `data-strings` over the defaults; unknown keys and non-strings are ignored. */
export const parseStrings: (json: string | undefined) => Strings = stringsParser(DEFAULT_STRINGS);
