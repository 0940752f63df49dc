// "Choose report.pdf again to resume its upload": after a reload, the files this browser could
// resume (from tus-js-client's fingerprint store). The notice names those still to choose, and
// goes once each has been chosen again (or the page is left with nothing to resume).
import type { UploadMount } from "./mount.js";
import { fill, type Strings } from "./strings.js";

export class ResumableNotice {
  #names: string[] = [];

  constructor(
    private readonly mount: UploadMount,
    private readonly strings: Strings,
  ) {}

  show(names: readonly string[]): void {
    this.#names = [...new Set(names)];
    this.#render();
  }

  /** A file was chosen: its name is no longer waiting to be chosen. */
  chosen(name: string): void {
    if (this.#names.includes(name)) {
      this.#names = this.#names.filter((other) => other !== name);
      this.#render();
    }
  }

  #render(): void {
    const names = this.#names;
    const message =
      names.length > 0 ? fill(this.strings.resumable, { name: names.join(", ") }) : "";
    this.mount.notify(message, "resumable");
  }
}
