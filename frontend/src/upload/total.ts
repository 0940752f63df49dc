// Total progress of a multiple field: how many of its files have finished and the bytes sent of
// all of them, with one bar. Shown once a file of this page is on its way; uploads a re-shown form
// carries count as finished (their size is unknown here, so only the number counts them).
import { type ClassMap, classFor } from "./classes.js";
import type { UploadItem } from "./item.js";
import { formatBytes } from "./meter.js";
import { fill, type Strings } from "./strings.js";

export interface Totals {
  /** Finished uploads, of `count`. */
  done: number;
  count: number;
  sent: number;
  size: number;
  /** Whether any of them is a file chosen on this page (else there is nothing to total). */
  live: boolean;
}

/** The totals over `items`; refused files are left out (they will never be sent). */
export function totalsOf(items: readonly UploadItem[]): Totals {
  const counted = items.filter((item) => !item.refusal && item.state !== "cancelled");
  let sent = 0;
  let size = 0;
  for (const item of counted) {
    size += item.size;
    sent += item.state === "complete" ? item.size : Math.min(item.bytesSent, item.size);
  }
  return {
    done: counted.filter((item) => item.state === "complete").length,
    count: counted.length,
    sent,
    size,
    live: counted.some((item) => item.file !== null),
  };
}

export class TotalView {
  readonly root: HTMLSpanElement;
  readonly #text: HTMLSpanElement;
  readonly #progress: HTMLSpanElement;
  readonly #bar: HTMLSpanElement;

  constructor(
    classes: ClassMap,
    private readonly strings: Strings,
    private readonly lang: string | undefined,
  ) {
    this.root = document.createElement("span");
    this.root.className = classFor("upload-total", classes);
    this.root.hidden = true;
    this.#text = document.createElement("span");
    this.#text.className = classFor("upload-status", classes);
    this.#progress = document.createElement("span");
    this.#progress.className = classFor("upload-progress", classes);
    this.#progress.setAttribute("role", "progressbar");
    this.#progress.setAttribute("aria-valuemin", "0");
    this.#progress.setAttribute("aria-valuemax", "100");
    this.#progress.setAttribute("aria-label", strings.totalLabel);
    this.#bar = document.createElement("span");
    this.#bar.className = classFor("upload-bar", classes);
    this.#progress.append(this.#bar);
    this.root.append(this.#text, this.#progress);
  }

  update(items: readonly UploadItem[]): void {
    const totals = totalsOf(items);
    this.root.hidden = !totals.live || totals.count < 2;
    if (this.root.hidden) {
      return;
    }
    const { strings, lang } = this;
    const percent = totals.size > 0 ? Math.floor((totals.sent / totals.size) * 100) : 100;
    this.#progress.setAttribute("aria-valuenow", String(percent));
    this.#bar.style.width = `${percent}%`;
    const files = fill(strings.total, { done: totals.done, count: totals.count });
    const bytes = fill(strings.progress, {
      done: formatBytes(totals.sent, lang),
      total: formatBytes(totals.size, lang),
    });
    this.#text.textContent = `${files} · ${bytes}`;
  }
}
