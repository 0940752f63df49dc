// The element's fixed parts (toggle, badge, menu with its header, list, empty state, live region):
// adopted from the markup `download_centre.html` rendered, or built the same way when it is absent.
// The server renders the toggle as a link to the "all downloads" page (what works without
// JavaScript); adopting it turns it into the button that opens the menu.
import { createIcon } from "../shared/icons.js";
import { createLiveRegion, findLiveRegion } from "../shared/live-region.js";
import { type ClassMap, classFor } from "./classes.js";
import { findPart, part } from "./dom.js";
import type { Strings } from "./strings.js";

export interface Parts {
  toggle: HTMLButtonElement;
  badge: HTMLElement;
  menu: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
  live: HTMLElement;
  /** "Clear finished" in the menu's header (absent from an override without it). */
  clearFinished: HTMLButtonElement | null;
}

let counter = 0;

/** The server's link toggle as a button with the same classes, attributes and content. */
export function toggleButton(toggle: HTMLElement): HTMLButtonElement {
  if (toggle instanceof HTMLButtonElement) {
    return toggle;
  }
  const button = document.createElement("button");
  for (const { name, value } of [...toggle.attributes]) {
    if (name !== "href") {
      button.setAttribute(name, value);
    }
  }
  button.type = "button";
  button.append(...toggle.childNodes);
  toggle.replaceWith(button);
  return button;
}

function wireToggle(toggle: HTMLButtonElement, menu: HTMLElement): void {
  if (!menu.id) {
    counter += 1;
    menu.id = `dlw-menu-js-${counter}`;
  }
  toggle.setAttribute("popovertarget", menu.id);
  toggle.setAttribute("aria-controls", menu.id);
  toggle.setAttribute("aria-expanded", "false");
}

export function adoptParts(
  root: HTMLElement,
  classes: ClassMap,
  strings: Strings,
  pageUrl = "",
): Parts {
  const found = findPart(root, "toggle");
  const badge = findPart(root, "badge");
  const menu = findPart(root, "menu");
  const list = findPart(root, "list");
  const empty = findPart(root, "empty");
  const live = findLiveRegion(root);
  if (found && badge && menu && list && empty && live) {
    const toggle = toggleButton(found);
    wireToggle(toggle, menu);
    const clearFinished = findPart<HTMLButtonElement>(root, "clear-finished");
    return { toggle, badge, menu, list, empty, live, clearFinished };
  }
  // No (or partial) server markup: build the skeleton the template would have rendered.
  const built: Parts = {
    toggle: part("button", "toggle", classes),
    badge: part("span", "badge", classes),
    menu: part("div", "menu", classes),
    list: part("ul", "list", classes),
    empty: part("p", "empty", classes, strings.empty),
    live: createLiveRegion(),
    clearFinished: part("button", "clear-finished", classes, strings.clearFinished),
  };
  built.toggle.type = "button";
  built.toggle.append(
    createIcon("download", classFor("icon", classes)),
    ` ${strings.toggle} `,
    built.badge,
  );
  built.menu.setAttribute("popover", "");
  wireToggle(built.toggle, built.menu);
  const header = part("div", "header", classes);
  const title = part("h2", "title", classes, strings.title);
  title.id = `${built.menu.id}-title`;
  built.menu.setAttribute("aria-labelledby", title.id);
  if (built.clearFinished) {
    built.clearFinished.type = "button";
    built.clearFinished.dataset.action = "clear-finished";
    header.append(title, built.clearFinished);
  }
  built.menu.append(header, built.list, built.empty);
  if (pageUrl) {
    const all = part("a", "all", classes, strings.allDownloads);
    all.href = pageUrl;
    built.menu.append(all);
  }
  root.replaceChildren(built.toggle, built.menu, built.live);
  return built;
}
