import { describe, expect, it } from "vitest";
import { applyPlacement, type Box, clearPlacement, EDGE, GAP, placeMenu } from "./position.js";

const desktop = { width: 1280, height: 800 };
const menu = { width: 352, height: 300 };

function toggleAt(left: number, top = 10, width = 120, height = 36): Box {
  return { left, top, right: left + width, bottom: top + height };
}

function inside(p: ReturnType<typeof placeMenu>, viewport = desktop): void {
  if (p.kind !== "dropdown") {
    throw new Error("expected a dropdown");
  }
  expect(p.left).toBeGreaterThanOrEqual(EDGE);
  expect(p.left + p.width).toBeLessThanOrEqual(viewport.width - EDGE);
  expect(p.top).toBeGreaterThanOrEqual(EDGE);
  expect(p.top + Math.min(menu.height, p.maxHeight)).toBeLessThanOrEqual(viewport.height - EDGE);
}

describe("placeMenu", () => {
  it("end-aligns below a toggle at the end of the nav", () => {
    const anchor = toggleAt(1140);
    const p = placeMenu(anchor, menu, desktop);
    expect(p).toEqual({
      kind: "dropdown",
      left: anchor.right - menu.width,
      top: anchor.bottom + GAP,
      width: menu.width,
      maxHeight: desktop.height - EDGE - anchor.bottom - GAP,
    });
  });

  it("start-aligns a toggle at the start of the nav instead of leaving the viewport", () => {
    const anchor = toggleAt(16);
    const p = placeMenu(anchor, menu, desktop);
    expect(p.kind === "dropdown" && p.left).toBe(16);
    inside(p);
  });

  it("clamps a toggle at the very edge into the viewport", () => {
    inside(placeMenu(toggleAt(0, 10, 40), menu, desktop));
    inside(placeMenu(toggleAt(1260, 10, 40), menu, desktop));
    inside(placeMenu(toggleAt(600), menu, desktop));
  });

  it("flips above a toggle near the bottom when there is more room there", () => {
    const anchor = toggleAt(600, 740);
    const p = placeMenu(anchor, menu, desktop);
    expect(p.kind === "dropdown" && p.top).toBe(anchor.top - GAP - menu.height);
    inside(p);
  });

  it("keeps a tall menu inside by limiting its height to the room it has", () => {
    const p = placeMenu(toggleAt(600), { width: 352, height: 2000 }, desktop);
    expect(p.kind === "dropdown" && p.maxHeight).toBe(desktop.height - EDGE - 46 - GAP);
  });

  it("narrows the menu to a viewport barely wider than it", () => {
    const p = placeMenu(toggleAt(100), { width: 600, height: 100 }, { width: 500, height: 800 });
    expect(p.kind === "dropdown" && p.width).toBe(500 - 2 * EDGE);
  });

  it("is a bottom sheet on a phone", () => {
    expect(placeMenu(toggleAt(10), menu, { width: 375, height: 700 })).toEqual({ kind: "sheet" });
  });
});

describe("applyPlacement", () => {
  it("writes the box through the CSSOM and forgets it on close", () => {
    const node = document.createElement("div");
    applyPlacement(node, { kind: "dropdown", left: 10, top: 20, width: 300, maxHeight: 400 });
    expect(node.dataset.placement).toBe("dropdown");
    expect(node.style.left).toBe("10px");
    expect(node.style.maxHeight).toBe("400px");
    applyPlacement(node, { kind: "sheet" });
    expect(node.dataset.placement).toBe("sheet");
    expect(node.style.left).toBe("");
    clearPlacement(node);
    expect(node.dataset.placement).toBeUndefined();
  });
});
