// User-visible text. The template tag renders the translated strings into `data-strings` (Django
// i18n); these English defaults cover an element created without it. Placeholders use Django's
// `%(name)s` syntax so translators see the usual python-format strings.

import { fill, stringsParser } from "../shared/data-map.js";

export const DEFAULT_STRINGS = {
  toggle: "Downloads",
  empty: "No downloads yet.",
  pending: "Pending",
  running: "Running",
  ready: "Ready",
  failed: "Failed",
  cancelled: "Cancelled",
  cancel: "Cancel",
  clear: "Clear",
  download: "Download",
  cancelLabel: "Cancel %(name)s",
  clearLabel: "Clear %(name)s",
  downloadLabel: "Download %(name)s",
  progressLabel: "Progress of %(name)s",
  started: "%(name)s started",
  isReady: "%(name)s is ready",
  isFailed: "%(name)s failed",
  isCancelled: "%(name)s was cancelled",
  actionFailed: "%(name)s: the request failed, try again",
};

export type Strings = typeof DEFAULT_STRINGS;
export type StringKey = keyof Strings;

/** Parses `data-strings` over the defaults; unknown keys and non-strings are ignored. */
export const parseStrings: (json: string | undefined) => Strings = stringsParser(DEFAULT_STRINGS);

/** Fills `%(name)s`. */
export function withName(template: string, name: string): string {
  return fill(template, { name });
}
