// The DOM of one upload in the list: preview, name, status line, progress bar, error and buttons.
// Only phrasing elements (`<span>` with ARIA roles), so the widget stays valid inside the `<p>`
// of a form's `as_p` rendering.
import { type ClassMap, classFor, type Role } from "./classes.js";
import type { UploadItem } from "./item.js";
import { describeProgress, formatBytes, formatDuration } from "./meter.js";
import { fill, type StringKey, type Strings } from "./strings.js";
import { type ObjectUrls, type Thumbnail, thumbnailFor } from "./thumbnail.js";

export type Action = "pause" | "resume" | "cancel" | "retry" | "remove";

export interface ViewContext {
  classes: ClassMap;
  strings: Strings;
  lang: string | undefined;
  /** Object URLs for image previews; null when previews are off. */
  urls: ObjectUrls | null;
  /** The platform's clock (ms), for the retry countdown. */
  now(): number;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  role: Role,
  classes: ClassMap,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = classFor(role, classes);
  return node;
}

function actionsFor(item: UploadItem): Action[] {
  switch (item.state) {
    case "uploading":
    case "retrying":
      return ["pause", "cancel"];
    case "paused":
      return ["resume", "cancel"];
    case "error":
      return item.refusal ? ["remove"] : ["retry", "remove"];
    case "complete":
      return ["remove"];
    default:
      return [];
  }
}

/** "Waiting for the connection", with "retrying in 4 s" while the next attempt is scheduled. */
export function retryText(item: UploadItem, context: ViewContext): string {
  const { strings } = context;
  if (item.retryAt === null) {
    return strings.offline;
  }
  const seconds = Math.max(0, Math.ceil((item.retryAt - context.now()) / 1000));
  return fill(strings.retryIn, { time: formatDuration(seconds, context.lang) });
}

export class ItemView {
  readonly root: HTMLSpanElement;
  readonly #status: HTMLSpanElement;
  readonly #progress: HTMLSpanElement;
  readonly #bar: HTMLSpanElement;
  readonly #error: HTMLSpanElement;
  readonly #actions: HTMLSpanElement;
  readonly #thumbnail: Thumbnail | null;

  constructor(
    readonly item: UploadItem,
    private readonly context: ViewContext,
  ) {
    const { strings, classes } = context;
    this.root = element("span", "upload-item", classes);
    this.root.setAttribute("role", "listitem");
    this.root.dataset.item = item.id;
    const label = element("span", "upload-name", classes);
    label.textContent = item.name;
    this.#status = element("span", "upload-status", classes);
    this.#progress = element("span", "upload-progress", classes);
    this.#progress.setAttribute("role", "progressbar");
    this.#progress.setAttribute("aria-valuemin", "0");
    this.#progress.setAttribute("aria-valuemax", "100");
    this.#progress.setAttribute("aria-label", fill(strings.progressLabel, { name: item.name }));
    this.#bar = element("span", "upload-bar", classes);
    this.#progress.append(this.#bar);
    this.#error = element("span", "upload-error", classes);
    this.#actions = element("span", "upload-actions", classes);
    this.#thumbnail = thumbnailFor(item.file, classFor("upload-thumb", classes), context.urls);
    if (this.#thumbnail) {
      this.root.append(this.#thumbnail.image);
    }
    this.root.append(label, this.#status, this.#progress, this.#error, this.#actions);
    this.update();
  }

  /** Frees what the row holds outside the DOM (the preview's object URL). */
  dispose(): void {
    this.#thumbnail?.dispose();
  }

  /** Redraws everything (after a state change). */
  update(): void {
    const { item } = this;
    this.root.dataset.state = item.state;
    this.#progress.hidden = item.state === "complete" || Boolean(item.refusal);
    this.#error.hidden = item.state !== "error";
    this.#error.textContent = item.state === "error" ? this.errorText() : "";
    this.#renderActions();
    this.progress();
  }

  /** Redraws the numbers only (on every progress event and countdown tick). */
  progress(): void {
    const { item, context } = this;
    const percent = item.percent;
    this.#progress.setAttribute("aria-valuenow", String(percent));
    this.#bar.style.width = `${percent}%`;
    const state = context.strings[item.state];
    let detail = "";
    if (item.state === "retrying") {
      detail = retryText(item, context);
    } else if (item.state === "uploading" || item.state === "paused") {
      detail = describeProgress(
        context.strings,
        item.bytesSent,
        item.size,
        item.state === "uploading" ? item.speed : 0,
        context.lang,
      );
    } else if (item.state === "complete" && item.size > 0) {
      detail = formatBytes(item.size, context.lang);
    }
    this.#status.textContent = detail ? `${state} · ${detail}` : state;
  }

  errorText(): string {
    const { item, context } = this;
    if (item.refusal) {
      return item.refusal;
    }
    const failure = item.failure;
    const reason =
      failure?.detail ||
      (failure && failure.status > 0
        ? fill(context.strings.serverError, { status: failure.status })
        : context.strings.networkError);
    return fill(context.strings.failed, { name: item.name, error: reason });
  }

  #renderActions(): void {
    const { strings, classes } = this.context;
    const focused = this.#actions.contains(document.activeElement);
    const buttons = actionsFor(this.item).map((action) => {
      const button = element("button", "upload-button", classes);
      button.type = "button";
      button.dataset.action = action;
      button.textContent = strings[action];
      const label = `${action}Label` as StringKey;
      button.setAttribute("aria-label", fill(strings[label], { name: this.item.name }));
      return button;
    });
    this.#actions.replaceChildren(...buttons);
    if (focused) {
      buttons[0]?.focus(); // keep the keyboard where it was (Pause becomes Resume)
    }
  }
}
