// One file's upload: its state machine, its transport task and its numbers. No DOM here:
// the element renders items and turns their changes into events.
import { SpeedMeter } from "./meter.js";
import { UploadMachine, type UploadState } from "./state.js";
import type { TaskOptions, UploadFailure, UploadTask } from "./task.js";

export interface ItemHooks {
  changed(item: UploadItem, from: UploadState, to: UploadState): void;
  progressed(item: UploadItem): void;
}

export interface ItemSettings extends Omit<TaskOptions, "file" | "callbacks"> {
  now(): number;
  createTask(options: TaskOptions): UploadTask;
}

let nextId = 0;

export class UploadItem {
  readonly id = `dlw-upload-${++nextId}`;
  readonly machine: UploadMachine;
  readonly meter = new SpeedMeter();
  bytesSent = 0;
  speed = 0;
  token = "";
  failure: UploadFailure | null = null;
  /** Set when the file was refused: before any byte went out (size, type), or by the form. */
  refusal = "";
  /** While `retrying`: when the transport tries again (ms, the platform's clock), or null
   * while it waits for the browser to come back online. */
  retryAt: number | null = null;
  #task: UploadTask | null = null;

  constructor(
    readonly file: File | null,
    readonly name: string,
    readonly size: number,
    private readonly settings: ItemSettings | null,
    private readonly hooks: ItemHooks,
    initial: UploadState = "idle",
  ) {
    this.machine = new UploadMachine(initial, (from, to) => hooks.changed(this, from, to));
  }

  /**
   * A finished upload the page was rendered with (a form re-rendered with errors): it starts in
   * `complete`, so nothing is announced or emitted for it; only removing it is a change.
   */
  static finished(name: string, token: string, hooks: ItemHooks): UploadItem {
    const item = new UploadItem(null, name, 0, null, hooks, "complete");
    item.token = token;
    return item;
  }

  /** An upload the re-shown form refused, with the form's message: it can only be removed. */
  static refused(name: string, message: string, hooks: ItemHooks): UploadItem {
    const item = new UploadItem(null, name, 0, null, hooks, "error");
    item.refusal = message;
    return item;
  }

  /** Whether the transport stopped for the browser being offline (restart when it is back). */
  get waitsForOnline(): boolean {
    return this.state === "retrying" && this.failure?.offline === true;
  }

  get state(): UploadState {
    return this.machine.state;
  }

  get percent(): number {
    return this.size > 0 ? Math.floor((this.bytesSent / this.size) * 100) : 100;
  }

  refuse(message: string): void {
    this.refusal = message;
    this.machine.to("error");
  }

  start(): void {
    const { file, settings } = this;
    if (!file || !settings) {
      throw new Error("dlw-upload: nothing to upload");
    }
    this.failure = null;
    this.retryAt = null;
    this.meter.reset();
    this.machine.to("uploading");
    this.#task ??= settings.createTask({
      file,
      endpoint: settings.endpoint,
      headers: settings.headers,
      chunkSize: settings.chunkSize,
      retryDelays: settings.retryDelays,
      scope: settings.scope,
      callbacks: {
        onProgress: (sent) => this.#progress(sent),
        onRetry: (delay) => this.#retrying((this.settings?.now() ?? 0) + delay),
        onSuccess: (token) => this.#succeed(token),
        onError: (failure) => this.#fail(failure),
      },
    });
    this.#task.start();
  }

  pause(): Promise<void> {
    this.machine.to("paused");
    this.speed = 0;
    return this.#task?.pause() ?? Promise.resolve();
  }

  resume(): void {
    this.start();
  }

  /** The browser went offline: shown as waiting for the connection (the request may still end). */
  waitForConnection(): void {
    if (this.state === "uploading") {
      this.#retrying(null);
    }
  }

  /** Retries a failed upload (resuming from what the server has). */
  retry(): void {
    if (this.refusal) {
      throw new Error("dlw-upload: a refused file cannot be retried");
    }
    this.start();
  }

  cancel(): Promise<void> {
    const wasSending = this.state !== "complete" && this.#task !== null;
    this.machine.to("cancelled");
    this.token = "";
    return wasSending ? (this.#task?.cancel() ?? Promise.resolve()) : Promise.resolve();
  }

  #retrying(at: number | null): void {
    this.retryAt = at;
    this.speed = 0;
    if (this.state === "retrying") {
      this.hooks.progressed(this); // a new delay: the countdown restarts
    } else if (this.state === "uploading") {
      this.machine.to("retrying");
    }
  }

  #progress(sent: number): void {
    if (this.state === "retrying") {
      if (sent <= this.bytesSent) {
        return; // a new attempt started, but no byte got through yet
      }
      this.retryAt = null;
      this.failure = null;
      this.machine.to("uploading"); // the connection is back
    }
    if (this.state !== "uploading") {
      return; // a late event from a request that was being aborted
    }
    this.bytesSent = sent;
    this.speed = this.meter.add(this.settings?.now() ?? 0, sent);
    this.hooks.progressed(this);
  }

  #succeed(token: string): void {
    if (this.state === "cancelled") {
      return;
    }
    this.token = token;
    this.bytesSent = this.size;
    this.speed = 0;
    this.machine.to("complete");
  }

  #fail(failure: UploadFailure): void {
    if (this.state !== "uploading" && this.state !== "retrying") {
      return;
    }
    this.failure = failure;
    this.speed = 0;
    if (failure.offline) {
      this.#retrying(null); // not a failure: it carries on once the browser is online
    } else {
      this.retryAt = null;
      this.machine.to("error");
    }
  }
}
