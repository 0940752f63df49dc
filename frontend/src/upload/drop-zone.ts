// Dropping files on the element uploads them as if they had been chosen. Only a real file drag
// counts: dragging text or a link over the widget neither highlights it nor is swallowed. A
// dropped file is never left to the browser (which would open it instead of the page).
import type { Subscriptions } from "../shared/subscriptions.js";

/** Whether the drag carries files (`types` is readable during the drag; `files` only on drop). */
export function isFileDrag(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes("Files");
}

/**
 * Makes `zone` a drop target for `input`: `data-dragover` while files are dragged over it, and on
 * drop the files go into the input (what it would post without the token) and to `addFiles`.
 */
export function listenForDrops(
  zone: HTMLElement,
  input: HTMLInputElement,
  subscriptions: Subscriptions,
  addFiles: (files: FileList) => void,
  highlight: (dragging: boolean) => void = () => {},
): void {
  subscriptions.on(zone, "dragover", (event) => {
    if (isFileDrag(event)) {
      event.preventDefault();
      if (!zone.hasAttribute("data-dragover")) {
        zone.toggleAttribute("data-dragover", true);
        highlight(true);
      }
    }
  });
  const leave = (): void => {
    zone.removeAttribute("data-dragover");
    highlight(false);
  };
  subscriptions.on(zone, "dragleave", leave);
  subscriptions.on(zone, "dragend", leave);
  subscriptions.on(zone, "drop", (event) => {
    if (!isFileDrag(event)) {
      return;
    }
    event.preventDefault();
    leave();
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0 || input.disabled) {
      return;
    }
    try {
      input.files = files;
    } catch {
      // Some browsers refuse: the upload goes on all the same.
    }
    addFiles(files);
  });
}
