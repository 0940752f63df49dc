// DOM for the list, built from state with the same markup the server template renders.
import { type ClassMap, classFor, type Role } from "./classes.js";
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

function part<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  role: Role,
  options: RenderOptions,
  text = "",
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = classFor(role, options.classes);
  node.textContent = text;
  return node;
}

function actionButton(
  action: "cancel" | "clear",
  download: Download,
  options: RenderOptions,
): HTMLButtonElement {
  const { strings } = options;
  const button = part("button", action, options, strings[action]);
  button.type = "button";
  button.dataset.action = action;
  button.setAttribute("aria-label", withName(strings[`${action}Label`], download.name));
  return button;
}

export function renderItem(download: Download, options: RenderOptions): HTMLLIElement {
  const { strings } = options;
  const item = part("li", "item", options);
  item.dataset.key = download.key;
  item.dataset.status = download.status;

  const time = part(
    "time",
    "time",
    options,
    relativeTime(download.created, options.now, options.lang),
  );
  time.dateTime = download.created;
  item.append(
    part("span", "name", options, download.name),
    time,
    part("span", "status", options, strings[download.status]),
  );

  if (isActive(download)) {
    const value = String(Math.max(0, Math.min(100, Math.round(download.progress))));
    const progress = part("div", "progress", options);
    progress.setAttribute("role", "progressbar");
    progress.setAttribute("aria-valuemin", "0");
    progress.setAttribute("aria-valuemax", "100");
    progress.setAttribute("aria-valuenow", value);
    progress.setAttribute("aria-label", withName(strings.progressLabel, download.name));
    const bar = part("div", "bar", options);
    bar.style.width = `${value}%`; // CSSOM, allowed under a strict CSP (unlike a style attribute)
    progress.append(bar);
    item.append(progress);
  }
  if (download.status === "failed" && download.error) {
    item.append(part("p", "error", options, download.error));
  }

  const actions = part("div", "actions", options);
  if (isActive(download)) {
    actions.append(actionButton("cancel", download, options));
  } else {
    if (download.status === "ready" && download.url) {
      const link = part("a", "link", options, strings.download);
      link.href = download.url;
      link.download = download.filename;
      link.dataset.action = "download";
      link.setAttribute("aria-label", withName(strings.downloadLabel, download.name));
      actions.append(link);
    }
    actions.append(actionButton("clear", download, options));
  }
  item.append(actions);
  return item;
}

export function renderList(
  list: HTMLElement,
  empty: HTMLElement,
  downloads: readonly Download[],
  options: RenderOptions,
): void {
  list.replaceChildren(...downloads.map((download) => renderItem(download, options)));
  list.hidden = downloads.length === 0;
  empty.hidden = downloads.length > 0;
}

export function renderBadge(badge: HTMLElement, count: number): void {
  badge.textContent = String(count);
  badge.hidden = count === 0;
}

/** The element's fixed parts: adopted from the server markup, or built when it is absent. */
export interface Parts {
  toggle: HTMLButtonElement;
  badge: HTMLElement;
  menu: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
  live: HTMLElement;
}

let counter = 0;

export function adoptParts(root: HTMLElement, options: RenderOptions): Parts {
  const find = <T extends HTMLElement>(role: string): T | null =>
    root.querySelector<T>(`.dlw-${role}`);
  const toggle = find<HTMLButtonElement>("toggle");
  const badge = find("badge");
  const menu = find("menu");
  const list = find("list");
  const empty = find("empty");
  const live = find("live");
  if (toggle && badge && menu && list && empty && live) {
    return { toggle, badge, menu, list, empty, live };
  }
  // No (or partial) server markup: build the skeleton the template would have rendered.
  const { strings } = options;
  const built: Parts = {
    toggle: part("button", "toggle", options, strings.toggle),
    badge: part("span", "badge", options),
    menu: part("div", "menu", options),
    list: part("ul", "list", options),
    empty: part("p", "empty", options, strings.empty),
    live: document.createElement("div"),
  };
  counter += 1;
  built.menu.id = `dlw-menu-js-${counter}`;
  built.menu.hidden = true;
  built.toggle.type = "button";
  built.toggle.setAttribute("aria-expanded", "false");
  built.toggle.setAttribute("aria-controls", built.menu.id);
  built.toggle.append(" ", built.badge);
  built.menu.append(built.list, built.empty);
  built.live.className = "dlw-live";
  built.live.setAttribute("role", "status");
  built.live.setAttribute("aria-live", "polite");
  root.replaceChildren(built.toggle, built.menu, built.live);
  return built;
}
