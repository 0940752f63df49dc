// The element's fixed parts (toggle, badge, menu, list, empty state, live region): adopted from
// the markup `download_centre.html` rendered, or built the same way when it is absent.
import { createLiveRegion, findLiveRegion } from "../shared/live-region.js";
import type { ClassMap } from "./classes.js";
import { findPart, part } from "./dom.js";
import type { Strings } from "./strings.js";

export interface Parts {
  toggle: HTMLButtonElement;
  badge: HTMLElement;
  menu: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
  live: HTMLElement;
}

let counter = 0;

export function adoptParts(root: HTMLElement, classes: ClassMap, strings: Strings): Parts {
  const toggle = findPart<HTMLButtonElement>(root, "toggle");
  const badge = findPart(root, "badge");
  const menu = findPart(root, "menu");
  const list = findPart(root, "list");
  const empty = findPart(root, "empty");
  const live = findLiveRegion(root);
  if (toggle && badge && menu && list && empty && live) {
    return { toggle, badge, menu, list, empty, live };
  }
  // No (or partial) server markup: build the skeleton the template would have rendered.
  const built: Parts = {
    toggle: part("button", "toggle", classes, strings.toggle),
    badge: part("span", "badge", classes),
    menu: part("div", "menu", classes),
    list: part("ul", "list", classes),
    empty: part("p", "empty", classes, strings.empty),
    live: createLiveRegion(),
  };
  counter += 1;
  built.menu.id = `dlw-menu-js-${counter}`;
  built.menu.setAttribute("popover", "");
  built.toggle.type = "button";
  built.toggle.setAttribute("popovertarget", built.menu.id);
  built.toggle.setAttribute("aria-expanded", "false");
  built.toggle.setAttribute("aria-controls", built.menu.id);
  built.toggle.append(" ", built.badge);
  built.menu.append(built.list, built.empty);
  root.replaceChildren(built.toggle, built.menu, built.live);
  return built;
}
