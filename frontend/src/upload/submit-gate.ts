// Submitting the form while an upload runs waits for it: the submission is held and sent again
// (with the same submitter) once every upload has finished. A paused or failed upload blocks it
// instead, with a notice saying what to do; the keyboard goes back to the file input. The notice
// goes once it no longer applies (the failed upload retried or removed, the paused one resumed).
import type { Subscriptions } from "../shared/subscriptions.js";
import type { UploadItem } from "./item.js";
import type { Strings } from "./strings.js";

export interface GateHost {
  items(): readonly UploadItem[];
  readonly strings: Strings;
  /** Shows a notice under the input ("" clears it). */
  notify(message: string): void;
  focus(): void;
}

type Blocker = "blockedError" | "blockedPaused";

function blockerOf(items: readonly UploadItem[]): Blocker | null {
  if (items.some((item) => item.state === "error")) {
    return "blockedError";
  }
  return items.some((item) => item.state === "paused") ? "blockedPaused" : null;
}

function busy(items: readonly UploadItem[]): boolean {
  return items.some((item) => item.machine.busy);
}

export class SubmitGate {
  /** The held submission, while uploads run. */
  #held: { submitter: HTMLElement | null } | null = null;
  /** What the shown notice says blocks the form, while it is up. */
  #blocked: Blocker | null = null;

  /** Listens to `form`'s submissions until `subscriptions` is disposed. */
  constructor(
    readonly form: HTMLFormElement,
    subscriptions: Subscriptions,
    private readonly host: GateHost,
  ) {
    subscriptions.on(form, "submit", (event) => this.onSubmit(event));
  }

  /** The form's `submit` listener: lets it through unless an upload is running, paused or failed. */
  onSubmit(event: SubmitEvent): void {
    const { host } = this;
    const items = host.items();
    if (!busy(items)) {
      return;
    }
    event.preventDefault();
    const blocker = blockerOf(items);
    this.#held = blocker ? null : { submitter: event.submitter };
    this.#blocked = blocker;
    host.notify(host.strings[blocker ?? "waiting"]);
    host.focus();
  }

  /** Call after every change of an upload: sends a held submission once nothing runs. */
  update(): void {
    const held = this.#held;
    const { host } = this;
    const items = host.items();
    const blocker = blockerOf(items);
    if (!held) {
      if (this.#blocked && blocker !== this.#blocked) {
        this.#blocked = blocker;
        host.notify(blocker ? host.strings[blocker] : "");
      }
      return;
    }
    if (blocker) {
      this.#held = null;
      this.#blocked = blocker;
      host.notify(host.strings[blocker]);
      return;
    }
    if (busy(items)) {
      return;
    }
    this.#held = null;
    host.notify("");
    const { submitter } = held;
    if (submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) {
      this.form.requestSubmit(submitter);
    } else {
      this.form.requestSubmit();
    }
  }
}
