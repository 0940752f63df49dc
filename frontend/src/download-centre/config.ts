// The element's configuration, read from the data-* attributes the `{% download_centre %}` tag renders.
import { choice, flag, positiveNumber } from "../shared/config.js";
import { KEY_PLACEHOLDER } from "../shared/contract.js";
import { resolveLang } from "../shared/lang.js";
import { type ClassMap, parseClassMap } from "./classes.js";
import { parseStrings, type Strings } from "./strings.js";
import { type Download, isDownload } from "./types.js";

/** The key in `data-detail-url` / `data-cancel-url` that stands for a download's key. */
export { KEY_PLACEHOLDER };

/** Seconds before a pending job says "Waiting for a worker" (the tag renders `data-worker-wait`). */
export const DEFAULT_WORKER_WAIT_S = 30;

export const MODES = ["poll", "ws", "auto"] as const;
export type Mode = (typeof MODES)[number];

export interface CentreConfig {
  /** The list endpoint. */
  url: string;
  detailUrl: string;
  cancelUrl: string;
  /** The "all downloads" page. */
  pageUrl: string;
  /** Milliseconds before a pending job says "Waiting for a worker". */
  workerWait: number;
  /** The socket path (resolved against the page, ws:// or wss://) or an absolute URL. */
  wsUrl: string;
  mode: Mode;
  pollInterval: number;
  csrfToken: string;
  /** An opaque per-user id: scopes the "seen" set and the cross-tab messages. */
  user: string;
  notify: boolean;
  lang: string | undefined;
  classes: ClassMap;
  strings: Strings;
}

export function readConfig(element: HTMLElement): CentreConfig {
  const data = element.dataset;
  return {
    url: data.url ?? "",
    detailUrl: data.detailUrl ?? "",
    cancelUrl: data.cancelUrl ?? "",
    pageUrl: data.pageUrl ?? "",
    workerWait: positiveNumber(data.workerWait, DEFAULT_WORKER_WAIT_S) * 1000,
    wsUrl: data.wsUrl ?? "",
    mode: choice(data.mode, MODES, "auto"),
    pollInterval: positiveNumber(data.pollInterval, 5000),
    csrfToken: data.csrfToken ?? "",
    user: data.user ?? "",
    notify: flag(data.notify),
    lang: resolveLang(element),
    classes: parseClassMap(data.classes),
    strings: parseStrings(data.strings),
  };
}

export function urlFor(template: string, key: string): string {
  return template.replace(KEY_PLACEHOLDER, encodeURIComponent(key));
}

/** The list the page was rendered with (a `json_script` block inside the element). */
export function readSnapshot(
  element: HTMLElement,
): { version: number | null; downloads: Download[] } | null {
  const script = element.querySelector('script[type="application/json"]');
  let raw: unknown = null;
  try {
    raw = JSON.parse(script?.textContent ?? "null");
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) {
    return null;
  }
  // The version may be null (rendered without one): the first poll brings it.
  const { version, downloads } = raw as { version?: unknown; downloads?: unknown };
  return (version === null || typeof version === "number") &&
    Array.isArray(downloads) &&
    downloads.every(isDownload)
    ? { version, downloads }
    : null;
}
