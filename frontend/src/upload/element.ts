// `<dlw-upload>`: resumable (tus) uploads around a native `<input type="file">`.
//
// The widget renders the file input, a hidden input for the upload token(s) and a hint. This
// element uploads what the user selects or drops, shows progress with pause/resume/cancel/retry,
// puts the finished uploads' tokens into the hidden input and then removes the file input's
// `name`, so the form posts the token instead of the bytes. While an upload runs, submitting
// the form waits for it. Without JavaScript the file input simply submits the file.
//
// The pieces: `mount` (the DOM and form fields) with `zone` and `total`, `drop-zone`,
// `submit-gate`, `pending` (uploads a re-shown form carries or refused), `resumable`, `connection`
// (offline and retries), `limits`, `actions` (the buttons), `report` (announcements and events),
// `list` (the items with their rows), `item` (one upload, no DOM) and `render` (its row).
import { listenForActions, perform } from "./actions.js";
import { readConfig } from "./config.js";
import { listenForDrops } from "./drop-zone.js";
import { type ItemHooks, UploadItem } from "./item.js";
import { refusalOf } from "./limits.js";
import { parseRefused, takePending } from "./pending.js";
import { browserUploadPlatform, type UploadPlatform } from "./platform.js";
import type { Action } from "./render.js";
import { reportChange, reportProgress } from "./report.js";
import { createSession, type Session } from "./session.js";
import type { UploadState } from "./state.js";
import { RETRY_DELAYS } from "./task.js";

export class DlwUpload extends HTMLElement {
  static readonly tagName = "dlw-upload";

  /** Browser pieces (transport, clock); replace before connecting to drive it from tests. */
  platform: UploadPlatform | null = null;

  #session: Session | null = null;

  get items(): readonly UploadItem[] {
    return this.#session?.list.items ?? [];
  }

  /** True while an upload is running, paused or failed: the form cannot be sent yet. */
  get busy(): boolean {
    return this.items.some((item) => item.machine.busy);
  }

  connectedCallback(): void {
    this.toggleAttribute("data-dlw-connected", true);
    if (this.#session) {
      return;
    }
    if (!this.querySelector('input[type="file"]') && document.readyState === "loading") {
      // Defined before the parser reached our children (a script in <head>, as the admin has).
      document.addEventListener("DOMContentLoaded", () => this.isConnected && this.#setup(), {
        once: true,
      });
      return;
    }
    this.#setup();
  }

  disconnectedCallback(): void {
    this.removeAttribute("data-dlw-connected");
    // A node moved within the page stays set up (it reconnects at once); one removed is torn down.
    queueMicrotask(() => {
      if (!this.isConnected) {
        this.#teardown();
      }
    });
  }

  /** Uploads these files as if the user had chosen them. */
  addFiles(files: Iterable<File>): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    let chosen = Array.from(files);
    if (!session.mount.input.multiple) {
      chosen = chosen.slice(0, 1);
      for (const item of [...session.list.items]) {
        this.#act(item, "remove");
      }
    }
    for (const file of chosen) {
      this.#startFile(session, file);
    }
  }

  #setup(): void {
    const input = this.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input || this.#session) {
      return;
    }
    const session = createSession(this, input, this.platform ?? browserUploadPlatform());
    const { mount, list, subscriptions } = session;
    this.#session = session;
    subscriptions.on(input, "change", () => {
      if (input.files && input.files.length > 0) {
        this.addFiles(input.files);
      }
    });
    listenForActions(list, subscriptions, (item, action) => this.#act(item, action));
    listenForDrops(
      this,
      input,
      subscriptions,
      (files) => this.addFiles(files),
      (dragging) => mount.zone.highlight(dragging),
    );
    const pending = takePending(this, mount.token);
    for (const { name, token } of pending) {
      list.add(UploadItem.finished(name, token, this.#hooks()));
    }
    for (const { name, error } of parseRefused(this.dataset.refused)) {
      list.add(UploadItem.refused(name, error, this.#hooks()));
    }
    if (list.items.length > 0) {
      this.#sync(session);
    }
    void this.#showResumable(session);
  }

  #teardown(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    for (const item of session.list.items) {
      if (item.state === "uploading") {
        void item.pause();
      }
    }
    session.subscriptions.dispose();
    this.#session = null;
  }

  #hooks(): ItemHooks {
    return {
      changed: (item, from, to) => this.#changed(item, from, to),
      progressed: (item) => {
        const session = this.#session;
        session?.list.view(item)?.progress();
        session?.mount.total?.update(session.list.items);
        session?.connection.update();
        reportProgress(this, item);
      },
    };
  }

  async #showResumable(session: Session): Promise<void> {
    const names = await session.platform.resumableNames();
    if (names.length > 0 && this.#session === session && session.list.items.length === 0) {
      session.resumable.show(names);
    }
  }

  #startFile(session: Session, file: File): void {
    const { config, platform, mount } = session;
    const item = new UploadItem(
      file,
      file.name,
      file.size,
      {
        endpoint: config.url,
        headers: { "X-CSRFToken": config.csrfToken },
        chunkSize: readConfig(this).chunkSize, // read now: a page may tune it per file
        retryDelays: RETRY_DELAYS,
        scope: mount.token.name,
        now: platform.now,
        createTask: platform.createTask,
      },
      this.#hooks(),
    );
    session.list.add(item);
    session.resumable.chosen(file.name);
    const refusal = refusalOf(file, config, mount.input.accept);
    if (refusal) {
      item.refuse(refusal);
    } else {
      item.start();
    }
  }

  #changed(item: UploadItem, from: UploadState, to: UploadState): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    const { mount, list } = session;
    const view = list.view(item);
    view?.update();
    reportChange(
      {
        element: this,
        strings: session.config.strings,
        announce: (message) => mount.announce(message),
        errorText: () => view?.errorText() ?? "",
      },
      item,
      from,
      to,
    );
    if (to === "cancelled") {
      list.remove(item);
    }
    this.#sync(session);
    session.gate?.update();
    session.connection.update();
  }

  #sync({ list, mount }: Session): void {
    mount.sync(list.tokens, list.items.length);
    mount.total?.update(list.items);
  }

  #act(item: UploadItem, action: Action): void {
    perform(item, action);
    const input = this.#session?.mount.input;
    if ((action === "cancel" || action === "remove") && input && !input.multiple) {
      input.value = ""; // choosing the same file again must fire `change`
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "dlw-upload": DlwUpload;
  }
}
