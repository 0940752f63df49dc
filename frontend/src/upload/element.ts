// `<dlw-upload>`: resumable (tus) uploads around a native `<input type="file">`.
//
// The widget renders the file input, a hidden input for the upload token(s) and a hint. This
// element uploads what the user selects or drops, shows progress with pause/resume/cancel/retry,
// puts the finished uploads' tokens into the hidden input and then removes the file input's
// `name`, so the form posts the token instead of the bytes. While an upload runs, submitting
// the form waits for it. Without JavaScript the file input simply submits the file.
import { Listeners } from "../download-centre/listeners.js";
import { classFor } from "./classes.js";
import { accepts, readConfig, type UploadConfig } from "./config.js";
import { COMPLETE_EVENT, ERROR_EVENT, emit, PROGRESS_EVENT, START_EVENT } from "./events.js";
import { type ItemHooks, UploadItem } from "./item.js";
import { formatBytes } from "./meter.js";
import { browserUploadPlatform, type UploadPlatform } from "./platform.js";
import { type Action, ItemView } from "./render.js";
import type { UploadState } from "./state.js";
import { fill, type StringKey } from "./strings.js";
import { RETRY_DELAYS } from "./task.js";

interface Session {
  config: UploadConfig;
  platform: UploadPlatform;
  input: HTMLInputElement;
  token: HTMLInputElement;
  list: HTMLUListElement;
  notice: HTMLParagraphElement;
  live: HTMLDivElement;
  listeners: Listeners;
  /** The file input's name and `required`, while the element has taken them off. */
  name: string;
  required: boolean;
}

const ANNOUNCE: Partial<Record<UploadState, StringKey>> = {
  uploading: "started",
  complete: "completed",
  paused: "pausedNotice",
};

let uid = 0;

export class DlwUpload extends HTMLElement {
  static readonly tagName = "dlw-upload";

  /** Browser pieces (transport, clock); replace before connecting to drive it from tests. */
  platform: UploadPlatform | null = null;

  #session: Session | null = null;
  #items: UploadItem[] = [];
  #views = new Map<UploadItem, ItemView>();
  #pendingSubmit: { submitter: HTMLElement | null } | null = null;

  get items(): readonly UploadItem[] {
    return this.#items;
  }

  /** True while an upload is running, paused or failed: the form cannot be sent yet. */
  get busy(): boolean {
    return this.#items.some((item) => item.machine.busy);
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
    if (!session.input.multiple) {
      chosen = chosen.slice(0, 1);
      for (const item of [...this.#items]) {
        this.#act(item, "remove");
      }
    }
    for (const file of chosen) {
      this.#startFile(session, file);
    }
  }

  #setup(): void {
    const input = this.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) {
      return;
    }
    const config = readConfig(this);
    const platform = this.platform ?? browserUploadPlatform();
    let token = this.querySelector<HTMLInputElement>("input[data-dlw-token]");
    if (!token) {
      token = document.createElement("input");
      token.type = "hidden";
      token.name = `${input.name}-token`;
      token.dataset.dlwToken = "";
      input.after(token);
    }
    const id = `dlw-upload-${++uid}`;
    const list = document.createElement("ul");
    list.className = classFor("upload-list", config.classes);
    const notice = document.createElement("p");
    notice.className = classFor("upload-notice", config.classes);
    notice.id = `${id}-notice`;
    notice.hidden = true;
    const live = document.createElement("div");
    live.className = "dlw-live";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    token.after(list, notice, live);
    const hint = this.querySelector<HTMLElement>(".dlw-upload-hint");
    if (hint) {
      hint.id ||= `${id}-hint`;
    }
    input.setAttribute("aria-describedby", [hint?.id, notice.id].filter(Boolean).join(" "));
    const listeners = new Listeners();
    const session: Session = {
      config,
      platform,
      input,
      token,
      list,
      notice,
      live,
      listeners,
      name: input.name,
      required: input.required,
    };
    this.#session = session;
    listeners.add(() => {
      list.remove();
      notice.remove();
      live.remove();
    });

    listeners.on(input, "change", () => {
      if (input.files && input.files.length > 0) {
        this.addFiles(input.files);
      }
    });
    listeners.on(list, "click", (event) => this.#onClick(event));
    listeners.on(this, "dragover", (event) => {
      event.preventDefault();
      this.toggleAttribute("data-dragover", true);
    });
    for (const type of ["dragleave", "dragend"]) {
      listeners.on(this, type, () => this.removeAttribute("data-dragover"));
    }
    listeners.on(this, "drop", (event) => this.#onDrop(event as DragEvent));
    const form = this.closest("form");
    if (form) {
      listeners.on(form, "submit", (event) => this.#onSubmit(event as SubmitEvent));
    }
    listeners.add(platform.onOnline(() => this.#retryFailed()));
    this.#adoptPending(session);
    void this.#showResumable(session);
  }

  #teardown(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    for (const item of this.#items) {
      if (item.state === "uploading") {
        void item.pause();
      }
    }
    session.listeners.dispose();
    this.#session = null;
    this.#items = [];
    this.#views.clear();
  }

  #hooks(): ItemHooks {
    return {
      changed: (item, from, to) => this.#changed(item, from, to),
      progressed: (item) => {
        this.#views.get(item)?.progress();
        emit(this, PROGRESS_EVENT, {
          name: item.name,
          bytesSent: item.bytesSent,
          bytesTotal: item.size,
          percent: item.percent,
          speed: item.speed,
        });
      },
    };
  }

  /** Tokens the page was rendered with (a form shown again with errors): finished uploads. */
  #adoptPending(session: Session): void {
    const tokens = session.token.value.split(/\s+/).filter(Boolean);
    if (tokens.length === 0) {
      return;
    }
    const pending = this.querySelector<HTMLElement>("[data-dlw-pending]");
    const names = (pending?.dataset.dlwPending ?? "").split(", ");
    pending?.remove();
    tokens.forEach((token, index) => {
      const item = UploadItem.finished(names[index] || token.slice(0, 8), token, this.#hooks());
      this.#track(session, item);
    });
    this.#sync(session);
  }

  async #showResumable(session: Session): Promise<void> {
    const names = await session.platform.resumableNames();
    if (names.length > 0 && this.#session === session && this.#items.length === 0) {
      this.#notify(session, fill(session.config.strings.resumable, { name: names.join(", ") }));
    }
  }

  #startFile(session: Session, file: File): void {
    const { config, platform, input } = session;
    const item = new UploadItem(
      file,
      file.name,
      file.size,
      {
        endpoint: config.url,
        headers: { "X-CSRFToken": config.csrfToken },
        chunkSize: readConfig(this).chunkSize, // read now: a page may tune it per file
        retryDelays: RETRY_DELAYS,
        now: platform.now,
        createTask: platform.createTask,
      },
      this.#hooks(),
    );
    this.#track(session, item);
    const { strings } = config;
    if (config.maxSize > 0 && file.size > config.maxSize) {
      const max = formatBytes(config.maxSize, config.lang);
      item.refuse(fill(strings.tooLarge, { name: file.name, max }));
    } else if (!accepts(input.accept, file)) {
      item.refuse(fill(strings.wrongType, { name: file.name }));
    } else {
      item.start();
    }
  }

  #track(session: Session, item: UploadItem): void {
    const { config } = session;
    const view = new ItemView(item, config);
    this.#items.push(item);
    this.#views.set(item, view);
    session.list.append(view.root);
  }

  #changed(item: UploadItem, from: UploadState, to: UploadState): void {
    const session = this.#session;
    const view = this.#views.get(item);
    view?.update();
    if (!session) {
      return;
    }
    const { strings } = session.config;
    const key = ANNOUNCE[to];
    if (key && (to !== "uploading" || from === "idle")) {
      this.#announce(session, fill(strings[key], { name: item.name }));
    }
    if (to === "uploading" && from === "idle" && item.file) {
      emit(this, START_EVENT, { name: item.name, size: item.size, file: item.file });
    } else if (to === "complete" && item.file) {
      emit(this, COMPLETE_EVENT, { name: item.name, size: item.size, token: item.token });
    } else if (to === "error") {
      const message = view?.errorText() ?? "";
      this.#announce(session, message);
      emit(this, ERROR_EVENT, { name: item.name, message, status: item.failure?.status ?? 0 });
    } else if (to === "cancelled") {
      view?.root.remove();
      this.#views.delete(item);
      this.#items = this.#items.filter((other) => other !== item);
    }
    this.#sync(session);
    this.#continueSubmit(session);
  }

  /** Tokens into the hidden input; the file input's name off once every file is uploaded. */
  #sync(session: Session): void {
    const { input, token } = session;
    const finished = this.#items.filter((item) => item.state === "complete");
    token.value = finished.map((item) => item.token).join(" ");
    const allDone = finished.length > 0 && finished.length === this.#items.length;
    if (allDone) {
      input.removeAttribute("name");
      input.required = false;
    } else {
      input.name = session.name;
      input.required = session.required && this.#items.length === 0;
    }
    if (this.#items.length === 0) {
      this.#notify(session, "");
    }
  }

  #onClick(event: Event): void {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>("[data-action]");
    const row = button?.closest<HTMLElement>("[data-item]");
    const item = this.#items.find((candidate) => candidate.id === row?.dataset.item);
    if (button && item) {
      this.#act(item, button.dataset.action as Action);
    }
  }

  #act(item: UploadItem, action: Action): void {
    switch (action) {
      case "pause":
        void item.pause();
        break;
      case "resume":
        item.resume();
        break;
      case "retry":
        item.retry();
        break;
      case "cancel":
      case "remove":
        void item.cancel();
        if (this.#session && !this.#session.input.multiple) {
          this.#session.input.value = "";
        }
        break;
    }
  }

  #onDrop(event: DragEvent): void {
    event.preventDefault();
    this.removeAttribute("data-dragover");
    const session = this.#session;
    const files = event.dataTransfer?.files;
    if (!session || !files || files.length === 0 || session.input.disabled) {
      return;
    }
    try {
      session.input.files = files; // what the input would post without the token
    } catch {
      // Some browsers refuse: the upload goes on all the same.
    }
    this.addFiles(files);
  }

  #retryFailed(): void {
    for (const item of this.#items) {
      if (item.state === "error" && !item.refusal) {
        item.retry();
      }
    }
  }

  #onSubmit(event: SubmitEvent): void {
    const session = this.#session;
    if (!session || !this.busy) {
      return;
    }
    event.preventDefault();
    const { strings } = session.config;
    if (this.#items.some((item) => item.state === "error")) {
      this.#pendingSubmit = null;
      this.#notify(session, strings.blockedError);
    } else if (this.#items.some((item) => item.state === "paused")) {
      this.#pendingSubmit = null;
      this.#notify(session, strings.blockedPaused);
    } else {
      this.#pendingSubmit = { submitter: event.submitter };
      this.#notify(session, strings.waiting);
    }
    session.input.focus();
  }

  #continueSubmit(session: Session): void {
    const pending = this.#pendingSubmit;
    if (!pending) {
      return;
    }
    if (this.#items.some((item) => item.state === "error" || item.state === "paused")) {
      this.#pendingSubmit = null;
      const key = this.#items.some((item) => item.state === "error")
        ? "blockedError"
        : "blockedPaused";
      this.#notify(session, session.config.strings[key]);
      return;
    }
    if (this.busy) {
      return;
    }
    this.#pendingSubmit = null;
    this.#notify(session, "");
    const form = this.closest("form");
    const submitter = pending.submitter;
    if (submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) {
      form?.requestSubmit(submitter);
    } else {
      form?.requestSubmit();
    }
  }

  #notify(session: Session, message: string): void {
    session.notice.textContent = message;
    session.notice.hidden = !message;
    if (message) {
      this.#announce(session, message);
    }
  }

  #announce(session: Session, message: string): void {
    session.live.textContent = message;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "dlw-upload": DlwUpload;
  }
}
