// The polite live region every element announces through: state changes (a download is ready, an
// upload failed) are read out by screen readers without moving focus. The `dlw-live` class hides
// it visually (see the default stylesheets).

export const LIVE_CLASS = "dlw-live";

/** A new, empty `<div class="dlw-live" role="status" aria-live="polite">` (not yet inserted). */
export function createLiveRegion(): HTMLDivElement {
  const region = document.createElement("div");
  region.className = LIVE_CLASS;
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  return region;
}

/** The server-rendered region inside `root` (the first `.dlw-live`), if any. */
export function findLiveRegion(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>(`.${LIVE_CLASS}`);
}

/** Announces `message`; an empty message leaves the last announcement in place. */
export function announce(region: HTMLElement, message: string): void {
  if (message) {
    region.textContent = message;
  }
}
