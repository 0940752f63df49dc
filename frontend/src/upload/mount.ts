// What the element adds around the widget's markup, and the form fields it keeps in step: the
// hidden token input (made when the page lacks one), the list of uploads, the notice under the
// input and the live region. Once every upload has finished, the tokens are in the hidden input
// and the file input has lost its `name`, so the form posts the tokens instead of the bytes.
import { TOKEN_INPUT_SUFFIX } from "../shared/contract.js";
import { announce, createLiveRegion } from "../shared/live-region.js";
import { classFor } from "./classes.js";
import type { UploadConfig } from "./config.js";

let uid = 0;

function tokenInputFor(element: HTMLElement, input: HTMLInputElement): HTMLInputElement {
  const rendered = element.querySelector<HTMLInputElement>("input[data-dlw-token]");
  if (rendered) {
    return rendered;
  }
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = `${input.name}${TOKEN_INPUT_SUFFIX}`;
  token.dataset.dlwToken = "";
  input.after(token);
  return token;
}

export class UploadMount {
  readonly token: HTMLInputElement;
  readonly list: HTMLUListElement;
  readonly notice: HTMLParagraphElement;
  readonly live: HTMLDivElement;
  /** The file input's name and `required` as rendered (the element takes them off for a while). */
  readonly #name: string;
  readonly #required: boolean;

  constructor(
    element: HTMLElement,
    readonly input: HTMLInputElement,
    config: UploadConfig,
  ) {
    this.#name = input.name;
    this.#required = input.required;
    this.token = tokenInputFor(element, input);
    const id = `dlw-upload-${++uid}`;
    this.list = document.createElement("ul");
    this.list.className = classFor("upload-list", config.classes);
    this.notice = document.createElement("p");
    this.notice.className = classFor("upload-notice", config.classes);
    this.notice.id = `${id}-notice`;
    this.notice.hidden = true;
    this.live = createLiveRegion();
    this.token.after(this.list, this.notice, this.live);
    const hint = element.querySelector<HTMLElement>(".dlw-upload-hint");
    if (hint) {
      hint.id ||= `${id}-hint`;
    }
    input.setAttribute("aria-describedby", [hint?.id, this.notice.id].filter(Boolean).join(" "));
  }

  /** Shows `message` under the input and announces it; "" hides the notice. */
  notify(message: string): void {
    this.notice.textContent = message;
    this.notice.hidden = !message;
    this.announce(message);
  }

  announce(message: string): void {
    announce(this.live, message);
  }

  /**
   * Puts the finished uploads' tokens into the hidden input. The file input keeps its name (and
   * `required`, while the list is empty) until every one of the `count` uploads has finished.
   */
  sync(tokens: readonly string[], count: number): void {
    const { input } = this;
    this.token.value = tokens.join(" ");
    if (tokens.length > 0 && tokens.length === count) {
      input.removeAttribute("name");
      input.required = false;
    } else {
      input.name = this.#name;
      input.required = this.#required && count === 0;
    }
    if (count === 0) {
      this.notify("");
    }
  }

  /** Removes what the element built (the token input stays: it carries the form's value). */
  remove(): void {
    this.list.remove();
    this.notice.remove();
    this.live.remove();
  }
}
