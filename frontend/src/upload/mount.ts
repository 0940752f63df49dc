// What the element adds around the widget's markup, and the form fields it keeps in step: the drop
// zone around the file input, the hidden token input (made when the page lacks one), the total of
// a multiple field, the list of uploads, the notice under the input and the live region. All of
// them phrasing elements, as the widget's own markup is. Once every upload has finished, the
// tokens are in the hidden input and the file input has lost its `name`, so the form posts the
// tokens instead of the bytes.
import { TOKEN_INPUT_SUFFIX } from "../shared/contract.js";
import { announce, LIVE_CLASS } from "../shared/live-region.js";
import { classFor } from "./classes.js";
import type { UploadConfig } from "./config.js";
import { TotalView } from "./total.js";
import { DropZone } from "./zone.js";

let uid = 0;

/** Marks what the element built, so that a copy of it (the admin's "Add another" clones a
 * connected row) can be told from the widget's markup and rebuilt. */
export const BUILT = "dlwBuilt";

function built<T extends HTMLElement>(node: T): T {
  node.dataset[BUILT] = "";
  return node;
}

/** Takes out what an earlier element built into this markup (a cloned row): the input first. */
function clearCopy(element: HTMLElement, input: HTMLInputElement): void {
  const zone = input.closest<HTMLElement>("[data-dlw-built]");
  if (zone && element.contains(zone)) {
    zone.replaceWith(input);
  }
  for (const node of element.querySelectorAll("[data-dlw-built]")) {
    node.remove();
  }
}

/** Who put a notice up: each clears its own when it no longer applies. */
export type NoticeSource = "form" | "resumable";

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

function liveRegion(): HTMLSpanElement {
  const region = document.createElement("span");
  region.className = LIVE_CLASS;
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  return region;
}

export class UploadMount {
  readonly zone: DropZone;
  readonly token: HTMLInputElement;
  /** The total of a multiple field (a single one has none). */
  readonly total: TotalView | null;
  readonly list: HTMLSpanElement;
  readonly notice: HTMLSpanElement;
  readonly live: HTMLSpanElement;
  /** The file input's name and `required` as rendered (the element takes them off for a while). */
  readonly #name: string;
  readonly #required: boolean;
  readonly #notices = new Map<NoticeSource, string>();

  constructor(
    element: HTMLElement,
    readonly input: HTMLInputElement,
    config: UploadConfig,
  ) {
    const { classes } = config;
    clearCopy(element, input);
    this.#name = input.name;
    this.#required = input.required;
    this.token = tokenInputFor(element, input);
    this.zone = new DropZone(input, classes, config.strings);
    built(this.zone.root);
    const id = `dlw-upload-${++uid}`;
    this.total = input.multiple ? new TotalView(classes, config.strings, config.lang) : null;
    if (this.total) {
      built(this.total.root);
    }
    this.list = built(document.createElement("span"));
    this.list.className = classFor("upload-list", classes);
    this.list.setAttribute("role", "list");
    this.notice = built(document.createElement("span"));
    this.notice.className = classFor("upload-notice", classes);
    this.notice.id = `${id}-notice`;
    this.notice.hidden = true;
    this.live = built(liveRegion());
    this.token.after(
      ...[this.total?.root, this.list, this.notice, this.live].filter((n) => n !== undefined),
    );
    const hint = element.querySelector<HTMLElement>(".dlw-upload-hint");
    if (hint && (!hint.id || hint.id.startsWith("dlw-upload-"))) {
      hint.id = `${id}-hint`; // ours, or copied with a cloned row: a fresh one
    }
    input.setAttribute("aria-describedby", [hint?.id, this.notice.id].filter(Boolean).join(" "));
  }

  /** Shows `message` under the input for `source` and announces it; "" takes it down. */
  notify(message: string, source: NoticeSource = "form"): void {
    if (message) {
      this.#notices.set(source, message);
    } else {
      this.#notices.delete(source);
    }
    const text = [...this.#notices.values()].join(" ");
    this.notice.textContent = text;
    this.notice.hidden = !text;
    this.announce(message);
  }

  /** The notice `source` shows, or "". */
  noticeOf(source: NoticeSource): string {
    return this.#notices.get(source) ?? "";
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
    if (count === 0 && this.noticeOf("form")) {
      this.notify("");
    }
  }

  /** Removes what the element built (the token input stays: it carries the form's value). */
  remove(): void {
    this.zone.remove();
    this.total?.root.remove();
    this.list.remove();
    this.notice.remove();
    this.live.remove();
  }
}
