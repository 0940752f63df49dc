// One entry of the list, updated in place: the server-rendered `<li>` (from
// `download_centre_item.html`, or a project's copy of it) is kept for its key, and only the parts
// that changed are written: status, time, progress (aria-valuenow and the bar's width, so the CSS
// transition runs), error and actions. Markup a project added inside the item survives.
import type { ClassMap } from "./classes.js";
import { findPart, part, placePart, setAttribute, setText, swapRole } from "./dom.js";
import { isActive } from "./state.js";
import { type Strings, withName } from "./strings.js";
import { relativeTime } from "./time.js";
import type { Download } from "./types.js";

export interface RenderOptions {
  classes: ClassMap;
  strings: Strings;
  now: number;
  lang: string | undefined;
}

/** A new item with the template's skeleton, filled by `updateItem`. */
export function createItem(download: Download, options: RenderOptions): HTMLLIElement {
  const { classes } = options;
  const item = part("li", "item", classes);
  item.dataset.key = download.key;
  item.append(
    part("span", "name", classes),
    part("time", "time", classes),
    part("span", "status", classes),
    part("div", "actions", classes),
  );
  updateItem(item, download, options);
  return item;
}

export function updateItem(item: HTMLElement, download: Download, options: RenderOptions): void {
  const { strings } = options;
  setAttribute(item, "data-status", download.status);
  const name = findPart(item, "name");
  if (name) {
    setText(name, download.name);
  }
  const time = findPart(item, "time");
  if (time) {
    setText(time, relativeTime(download.created, options.now, options.lang));
    setAttribute(time, "datetime", download.created);
  }
  const status = findPart(item, "status");
  if (status) {
    setText(status, strings[download.status]);
  }
  updateProgress(item, download, options);
  updateError(item, download, options);
  const actions = findPart(item, "actions");
  if (actions) {
    updateActions(actions, download, options);
  }
}

function updateProgress(item: HTMLElement, download: Download, options: RenderOptions): void {
  let progress = findPart(item, "progress");
  if (!isActive(download)) {
    progress?.remove();
    return;
  }
  if (!progress) {
    progress = part("div", "progress", options.classes);
    progress.setAttribute("role", "progressbar");
    progress.setAttribute("aria-valuemin", "0");
    progress.setAttribute("aria-valuemax", "100");
    progress.append(part("div", "bar", options.classes));
    placePart(item, progress, ["status", "time", "name"], ["error", "actions"]);
  }
  const value = String(Math.max(0, Math.min(100, Math.round(download.progress))));
  setAttribute(progress, "aria-valuenow", value);
  setAttribute(progress, "aria-label", withName(options.strings.progressLabel, download.name));
  const bar = findPart(progress, "bar");
  if (bar && bar.style.width !== `${value}%`) {
    bar.style.width = `${value}%`; // CSSOM, allowed under a strict CSP (unlike a style attribute)
  }
}

function updateError(item: HTMLElement, download: Download, options: RenderOptions): void {
  const message = download.status === "failed" ? download.error : "";
  let error = findPart(item, "error");
  if (!message) {
    error?.remove();
    return;
  }
  if (!error) {
    error = part("p", "error", options.classes);
    placePart(item, error, ["progress", "status", "time", "name"], ["actions"]);
  }
  setText(error, message);
}

/**
 * Cancel while active, else the download link (when ready) and Clear. Cancel becomes Clear on the
 * same button, so a keyboard user who pressed Cancel keeps focus on the item.
 */
function updateActions(actions: HTMLElement, download: Download, options: RenderOptions): void {
  const { strings, classes } = options;
  const action = isActive(download) ? "cancel" : "clear";
  let button = actions.querySelector<HTMLElement>('[data-action="cancel"], [data-action="clear"]');
  if (!button) {
    const created = part("button", action, classes);
    created.type = "button";
    actions.append(created);
    button = created;
  } else if (button.dataset.action !== action) {
    swapRole(button, action === "cancel" ? "clear" : "cancel", action, classes);
  }
  setAttribute(button, "data-action", action);
  setAttribute(button, "aria-label", withName(strings[`${action}Label`], download.name));
  setText(button, strings[action]);

  const url = download.status === "ready" ? download.url : null;
  let link = actions.querySelector<HTMLAnchorElement>('a[data-action="download"]');
  if (!url) {
    link?.remove();
    return;
  }
  if (!link) {
    link = part("a", "link", classes);
    link.dataset.action = "download";
    button.before(link);
  }
  setAttribute(link, "href", url);
  setAttribute(link, "download", download.filename);
  setAttribute(link, "aria-label", withName(strings.downloadLabel, download.name));
  setText(link, strings.download);
}
