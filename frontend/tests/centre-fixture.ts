// Mounts a `<dlw-download-centre>` as `{% download_centre %}` renders it (data-* attributes, the
// toggle/menu/live-region skeleton and the JSON snapshot), driven by a fake platform.
import { KEY_PLACEHOLDER, type Mode } from "../src/download-centre/config.js";
import type { DlwDownloadCentre } from "../src/download-centre/element.js";
import type { Download } from "../src/download-centre/types.js";
import { type FakePlatform, fakePlatform } from "./fake-platform.js";

export const SKELETON = `
  <a class="dlw-toggle" href="/dlwidget/downloads/all/" aria-controls="dlw-menu-1"><svg class="dlw-icon" data-icon="download" viewBox="0 0 24 24" aria-hidden="true"><path d="M0 0"/></svg> Downloads <span class="dlw-badge" hidden>0</span></a>
  <div class="dlw-menu" id="dlw-menu-1" popover aria-labelledby="dlw-title-1"><div class="dlw-header"><h2 class="dlw-title" id="dlw-title-1">Downloads</h2><button type="button" class="dlw-clear-finished" data-action="clear-finished" hidden>Clear finished</button></div><ul class="dlw-list"></ul><p class="dlw-empty">No downloads yet.</p><a class="dlw-all" href="/dlwidget/downloads/all/">All downloads</a></div>
  <div class="dlw-live" role="status" aria-live="polite"></div>`;

export interface MountOptions {
  downloads?: Download[];
  version?: number | null;
  classes?: Record<string, string>;
  notify?: boolean;
  platform?: FakePlatform;
  mode?: Mode;
  /** Markup inside the element instead of `SKELETON` (e.g. server-rendered items). */
  html?: string;
}

export function mount(options: MountOptions = {}): {
  element: DlwDownloadCentre;
  platform: FakePlatform;
} {
  const platform = options.platform ?? fakePlatform();
  const element = document.createElement("dlw-download-centre");
  Object.assign(element.dataset, {
    url: "/dlwidget/downloads/",
    detailUrl: `/dlwidget/downloads/${KEY_PLACEHOLDER}/`,
    cancelUrl: `/dlwidget/downloads/${KEY_PLACEHOLDER}/cancel/`,
    pageUrl: "/dlwidget/downloads/all/",
    wsUrl: "/ws/dlwidget/",
    mode: options.mode ?? "poll",
    pollInterval: "5000",
    csrfToken: "token-123",
    user: "u1",
    lang: "en",
    classes: JSON.stringify(options.classes ?? {}),
  });
  if (options.notify) {
    element.dataset.notify = "";
  }
  const snapshot = document.createElement("script");
  snapshot.type = "application/json";
  snapshot.textContent = JSON.stringify({
    version: options.version === undefined ? 1 : options.version,
    downloads: options.downloads ?? [],
  });
  element.innerHTML = options.html ?? SKELETON;
  element.append(snapshot);
  element.platform = platform;
  document.body.append(element);
  return { element, platform };
}

/** The first match, or a thrown error naming the selector. */
export function q<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) {
    throw new Error(`no ${selector}`);
  }
  return found;
}
