// Where the open menu goes, computed from the toggle's box and the viewport (no CSS anchor
// positioning: it must work wherever the toggle sits, in every browser). Below the toggle and
// end-aligned with it by default; aligned to the toggle's start when the end would leave the
// viewport on the left; above when there is more room above; always clamped inside the viewport
// with a margin. Under `SHEET_BELOW` px of viewport width the menu is a bottom sheet instead.

/** Viewport width (px) under which the menu is a bottom sheet. */
export const SHEET_BELOW = 480;
/** Space kept between the menu and the viewport's edges (px). */
export const EDGE = 8;
/** Space between the toggle and the menu (px). */
export const GAP = 4;

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Size {
  width: number;
  height: number;
}

export type Placement =
  | { kind: "sheet" }
  | { kind: "dropdown"; left: number; top: number; width: number; maxHeight: number };

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/** The menu's place for a toggle at `anchor`, a menu of `menu`'s size, in `viewport`. */
export function placeMenu(anchor: Box, menu: Size, viewport: Size): Placement {
  if (viewport.width < SHEET_BELOW) {
    return { kind: "sheet" };
  }
  const width = Math.min(menu.width, viewport.width - 2 * EDGE);
  let left = anchor.right - width; // end-aligned
  if (left < EDGE) {
    left = anchor.left; // start-aligned
  }
  left = clamp(left, EDGE, viewport.width - EDGE - width);

  const below = viewport.height - EDGE - (anchor.bottom + GAP);
  const above = anchor.top - GAP - EDGE;
  const up = menu.height > below && above > below;
  const room = Math.max(0, up ? above : below);
  const height = Math.min(menu.height, room);
  const top = up ? anchor.top - GAP - height : anchor.bottom + GAP;
  return {
    kind: "dropdown",
    left: Math.round(left),
    top: Math.round(clamp(top, EDGE, Math.max(EDGE, viewport.height - EDGE - height))),
    width: Math.round(width),
    maxHeight: Math.floor(room),
  };
}

/** Writes `placement` to the menu through the CSSOM (allowed under a strict CSP). */
export function applyPlacement(menu: HTMLElement, placement: Placement): void {
  menu.dataset.placement = placement.kind;
  const style = menu.style;
  if (placement.kind === "sheet") {
    for (const property of ["left", "top", "width", "max-height"]) {
      style.removeProperty(property);
    }
    return;
  }
  style.setProperty("left", `${placement.left}px`);
  style.setProperty("top", `${placement.top}px`);
  style.setProperty("width", `${placement.width}px`);
  style.setProperty("max-height", `${placement.maxHeight}px`);
}

/** Forgets the placement (the menu closed): the next opening measures afresh. */
export function clearPlacement(menu: HTMLElement): void {
  delete menu.dataset.placement;
  for (const property of ["left", "top", "width", "max-height"]) {
    menu.style.removeProperty(property);
  }
}
