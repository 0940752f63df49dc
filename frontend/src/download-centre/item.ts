// One entry of the list, updated in place: the server-rendered `<li>` (from
// `download_centre_item.html`, or a project's copy of it) is kept for its key, and only the parts
// that changed are written: icon, status, time, description, details, progress (aria-valuenow and
// the bar's width, so the CSS transition runs), error and actions. Markup a project added inside
// the item survives.
import { fill } from "../shared/data-map.js";
import { createIcon, setIcon } from "../shared/icons.js";
import { type ClassMap, classFor } from "./classes.js";
import { detailsText, statusText } from "./details.js";
import { findPart, part, placePart, setAttribute, setHidden, setText, swapRole } from "./dom.js";
import type { RateTracker } from "./rate.js";
import { isActive } from "./state.js";
import { type Strings, withName } from "./strings.js";
import { clockTime, relativeTime } from "./time.js";
import type { Download } from "./types.js";

export interface RenderOptions {
  classes: ClassMap;
  strings: Strings;
  now: number;
  lang: string | undefined;
  /** Milliseconds before a pending job says "Waiting for a worker". */
  workerWait: number;
  /** Progress rates of running jobs, for the time left. */
  rates: RateTracker | null;
  /** Names that more than one item of the list carries: those items show their start time. */
  duplicates: ReadonlySet<string>;
}

/** A new item with the template's skeleton, filled by `updateItem`. */
export function createItem(download: Download, options: RenderOptions): HTMLLIElement {
  const { classes } = options;
  const item = part("li", "item", classes);
  item.dataset.key = download.key;
  item.append(
    createIcon(download.status, classFor("icon", classes)),
    part("span", "name", classes),
    part("time", "time", classes),
    part("span", "status", classes),
    part("span", "meta", classes),
    part("div", "actions", classes),
  );
  updateItem(item, download, options);
  return item;
}

export function updateItem(item: HTMLElement, download: Download, options: RenderOptions): void {
  const { strings } = options;
  setAttribute(item, "data-status", download.status);
  const icon = item.querySelector(".dlw-icon");
  if (icon) {
    setIcon(icon, download.status);
  }
  const name = findPart(item, "name");
  if (name) {
    setText(name, download.name);
  }
  const time = findPart(item, "time");
  if (time) {
    const { now, lang } = options;
    const relative = relativeTime(download.created, now, lang);
    // Same-named items are told apart by the second they started at.
    const precise = options.duplicates.has(download.name);
    const started = fill(strings.startedAt, {
      time: clockTime(download.created, now, lang, precise),
    });
    setText(time, precise ? `${relative}, ${started}` : relative);
    setAttribute(time, "datetime", download.created);
    setAttribute(time, "title", started);
  }
  updateDescription(item, download, options);
  const context = {
    now: options.now,
    lang: options.lang,
    strings,
    workerWait: options.workerWait,
    secondsLeft: options.rates?.secondsLeft(download, options.now) ?? null,
  };
  const status = findPart(item, "status");
  if (status) {
    setText(status, statusText(download, context));
  }
  const meta = findPart(item, "meta");
  if (meta) {
    const text = detailsText(download, context);
    setText(meta, text);
    setHidden(meta, text === "");
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
    placePart(
      item,
      progress,
      ["meta", "status", "description", "time", "name"],
      ["error", "actions"],
    );
  }
  const value = String(Math.max(0, Math.min(100, Math.round(download.progress))));
  setAttribute(progress, "aria-valuenow", value);
  setAttribute(progress, "aria-label", withName(options.strings.progressLabel, download.name));
  const bar = findPart(progress, "bar");
  if (bar && bar.style.width !== `${value}%`) {
    bar.style.width = `${value}%`; // CSSOM, allowed under a strict CSP (unlike a style attribute)
  }
}

function updateDescription(item: HTMLElement, download: Download, options: RenderOptions): void {
  const text = download.description ?? "";
  let description = findPart(item, "description");
  if (!text) {
    description?.remove();
    return;
  }
  if (!description) {
    description = part("span", "description", options.classes);
    placePart(item, description, ["time", "name"], ["status", "meta", "actions"]);
  }
  setText(description, text);
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
    placePart(item, error, ["progress", "meta", "status", "time", "name"], ["actions"]);
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
