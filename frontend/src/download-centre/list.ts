// The list, rendered by key: an existing item (server-rendered or built earlier) is updated in
// place and keeps its DOM node; new items are created and inserted in order, removed ones removed.
// Nothing is re-created, so focus and the bars' transitions survive every event.
import { setHidden, setText } from "./dom.js";
import { createItem, type RenderOptions, updateItem } from "./item.js";
import type { Download } from "./types.js";

/** The names more than one of `downloads` carries. */
export function duplicateNames(downloads: readonly Download[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { name } of downloads) {
    (seen.has(name) ? twice : seen).add(name);
  }
  return twice;
}

/** Brings `list` in line with `downloads` (newest first); returns whether a removed item held focus. */
export function renderList(
  list: HTMLElement,
  empty: HTMLElement,
  downloads: readonly Download[],
  listOptions: Omit<RenderOptions, "duplicates">,
): boolean {
  const options: RenderOptions = { ...listOptions, duplicates: duplicateNames(downloads) };
  const existing = new Map<string, HTMLElement>();
  for (const child of list.children) {
    if (child instanceof HTMLElement && child.dataset.key) {
      existing.set(child.dataset.key, child);
    }
  }
  const wanted = new Set(downloads.map((download) => download.key));
  let focusLost = false;
  for (const [key, node] of existing) {
    if (!wanted.has(key)) {
      focusLost ||= node.contains(document.activeElement);
      node.remove();
    }
  }
  let previous: Element | null = null;
  for (const download of downloads) {
    let node = existing.get(download.key);
    if (node) {
      updateItem(node, download, options);
    } else {
      node = createItem(download, options);
    }
    const expected: Element | null = previous
      ? previous.nextElementSibling
      : list.firstElementChild;
    if (expected !== node) {
      if (previous) {
        previous.after(node);
      } else {
        list.prepend(node);
      }
    }
    previous = node;
  }
  setHidden(list, downloads.length === 0);
  setHidden(empty, downloads.length > 0);
  return focusLost;
}

export function renderBadge(badge: HTMLElement, count: number): void {
  setText(badge, String(count));
  setHidden(badge, count === 0);
}
