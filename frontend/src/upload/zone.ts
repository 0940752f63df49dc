// The drop zone: a visible box around the native file input, which stays in the page (its
// `name` and `files` are what the form posts without the token) but is hidden visually while the
// element runs. The box is a `<label>` holding the input, so a click anywhere on it opens the
// picker, and the keyboard reaches the input itself (Tab, then Space opens the picker, as
// browsers do, and Enter too, which Chromium leaves to this element);
// the stylesheet draws the focus ring on the box. Without JavaScript none of this exists and the
// native input shows as usual.
import type { Subscriptions } from "../shared/subscriptions.js";
import { type ClassMap, classFor } from "./classes.js";
import type { Strings } from "./strings.js";

export class DropZone {
  readonly root: HTMLLabelElement;
  readonly prompt: HTMLSpanElement;

  constructor(
    readonly input: HTMLInputElement,
    classes: ClassMap,
    private readonly strings: Strings,
  ) {
    this.root = document.createElement("label");
    this.root.className = classFor("upload-zone", classes);
    this.prompt = document.createElement("span");
    this.prompt.className = classFor("upload-prompt", classes);
    this.highlight(false);
    this.prompt.setAttribute("aria-hidden", "true"); // the input's own label names it
    input.before(this.root);
    this.root.append(this.prompt, input);
  }

  /** While files are dragged over the element the prompt says "Drop files here". */
  highlight(dragging: boolean): void {
    const { strings, input } = this;
    this.prompt.textContent = dragging
      ? strings.drop
      : input.multiple
        ? strings.zoneMany
        : strings.zoneOne;
  }

  /** Puts the input back where it was and drops the box. */
  remove(): void {
    this.root.replaceWith(this.input);
  }
}

/** Enter on the focused input opens the picker (Space already does, natively). */
export function openOnEnter(input: HTMLInputElement, subscriptions: Subscriptions): void {
  subscriptions.on(input, "keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing && !input.disabled) {
      event.preventDefault();
      input.click();
    }
  });
}
