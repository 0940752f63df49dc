// The element's configuration, read from the data-* attributes the `{% download_centre %}` tag renders.
import { type ClassMap, parseClassMap } from "./classes.js";
import { parseStrings, type Strings } from "./strings.js";
import { type Download, isDownload } from "./types.js";

/** The key in `data-detail-url` / `data-cancel-url` that stands for a download's key. */
export const KEY_PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

export type Mode = "poll" | "ws" | "auto";

export interface CentreConfig {
  /** The list endpoint. */
  url: string;
  detailUrl: string;
  cancelUrl: string;
  /** The socket path (used by the WebSocket transport; `ws` and `auto` poll until it lands). */
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
  const interval = Number(data.pollInterval);
  const mode = data.mode === "ws" || data.mode === "poll" ? data.mode : "auto";
  return {
    url: data.url ?? "",
    detailUrl: data.detailUrl ?? "",
    cancelUrl: data.cancelUrl ?? "",
    wsUrl: data.wsUrl ?? "",
    mode,
    pollInterval: Number.isFinite(interval) && interval > 0 ? interval : 5000,
    csrfToken: data.csrfToken ?? "",
    user: data.user ?? "",
    notify: data.notify !== undefined && data.notify !== "false",
    lang: data.lang || document.documentElement.lang || undefined,
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
