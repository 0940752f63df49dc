import { afterEach, describe, expect, it } from "vitest";
import { download } from "../../tests/fake-platform.js";
import type { RenderOptions } from "./item.js";
import { renderBadge, renderList } from "./list.js";
import { DEFAULT_STRINGS } from "./strings.js";

const OPTIONS: Omit<RenderOptions, "duplicates"> = {
  classes: {},
  strings: DEFAULT_STRINGS,
  now: 0,
  lang: "en",
  workerWait: 30_000,
  rates: null,
};

afterEach(() => document.body.replaceChildren());

function setup() {
  document.body.innerHTML = '<ul class="dlw-list"></ul><p class="dlw-empty"></p>';
  const list = document.querySelector<HTMLElement>(".dlw-list");
  const empty = document.querySelector<HTMLElement>(".dlw-empty");
  if (!list || !empty) {
    throw new Error("no list");
  }
  const keys = () => [...list.children].map((item) => (item as HTMLElement).dataset.key);
  return { list, empty, keys };
}

describe("renderList", () => {
  it("keeps each key's node, inserts new ones in order and removes the gone ones", () => {
    const { list, empty, keys } = setup();
    const [a, b, c] = [download("ready"), download("running"), download("pending")];
    renderList(list, empty, [b, a], OPTIONS);
    const [nodeB, nodeA] = [...list.children];
    renderList(list, empty, [c, b, a], OPTIONS);
    expect(keys()).toEqual([c.key, b.key, a.key]);
    expect(list.children[1]).toBe(nodeB);
    expect(list.children[2]).toBe(nodeA);
    renderList(list, empty, [c, a], OPTIONS);
    expect(keys()).toEqual([c.key, a.key]);
    expect(list.children[1]).toBe(nodeA);
    expect(list.hidden).toBe(false);
    expect(empty.hidden).toBe(true);
    renderList(list, empty, [], OPTIONS);
    expect(list.hidden).toBe(true);
    expect(empty.hidden).toBe(false);
  });

  it("moves an item that is out of order", () => {
    const { list, empty, keys } = setup();
    const [a, b] = [download("ready"), download("ready")];
    renderList(list, empty, [a, b], OPTIONS);
    renderList(list, empty, [b, a], OPTIONS);
    expect(keys()).toEqual([b.key, a.key]);
  });

  it("says when the removed item held focus", () => {
    const { list, empty } = setup();
    const [a, b] = [download("ready"), download("ready")];
    renderList(list, empty, [a, b], OPTIONS);
    expect(renderList(list, empty, [a], OPTIONS)).toBe(false);
    list.querySelector<HTMLButtonElement>(".dlw-clear")?.focus();
    expect(renderList(list, empty, [], OPTIONS)).toBe(true);
  });
});

describe("renderBadge", () => {
  it("shows the count, hidden at zero", () => {
    const badge = document.createElement("span");
    renderBadge(badge, 3);
    expect([badge.textContent, badge.hidden]).toEqual(["3", false]);
    renderBadge(badge, 0);
    expect([badge.textContent, badge.hidden]).toEqual(["0", true]);
  });
});
