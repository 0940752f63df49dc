// A scripted upload transport for the <dlw-upload> tests: each started file gets a FakeTask
// whose callbacks the test fires by hand.
import type { UploadPlatform } from "../src/upload/platform.js";
import type { TaskOptions, UploadTask } from "../src/upload/task.js";

export class FakeTask implements UploadTask {
  starts = 0;
  pauses = 0;
  cancels = 0;

  constructor(readonly options: TaskOptions) {}

  start(): void {
    this.starts += 1;
  }

  pause(): Promise<void> {
    this.pauses += 1;
    return Promise.resolve();
  }

  cancel(): Promise<void> {
    this.cancels += 1;
    return Promise.resolve();
  }

  progress(sent: number): void {
    this.options.callbacks.onProgress(sent, this.options.file.size);
  }

  succeed(token: string): void {
    this.options.callbacks.onSuccess(token);
  }

  fail(status = 0, detail = "", offline = false): void {
    this.options.callbacks.onError({ status, detail, offline });
  }

  /** The transport will try again in `delay` ms. */
  retrying(delay: number): void {
    this.options.callbacks.onRetry(delay);
  }
}

export interface FakeUploadPlatform extends UploadPlatform {
  tasks: FakeTask[];
  time: number;
  resumable: string[];
  /** Object URLs made (in order) and those revoked since. */
  urlsMade: string[];
  urlsRevoked: string[];
  goOnline(): void;
  goOffline(): void;
  /** Moves the clock on by `ms`, running the `every()` callbacks that fall due. */
  tick(ms: number): void;
  /** How many `every()` timers run. */
  readonly timers: number;
}

export function fakeUploadPlatform(): FakeUploadPlatform {
  const online = new Set<() => void>();
  const offline = new Set<() => void>();
  const intervals = new Set<{ ms: number; next: number; callback: () => void }>();
  const platform: FakeUploadPlatform = {
    tasks: [],
    time: 0,
    resumable: [],
    urlsMade: [],
    urlsRevoked: [],
    objectUrls: {
      create(file) {
        const url = `blob:fake/${platform.urlsMade.length + 1}-${(file as File).name ?? ""}`;
        platform.urlsMade.push(url);
        return url;
      },
      revoke(url) {
        platform.urlsRevoked.push(url);
      },
    },
    now: () => platform.time,
    createTask(options) {
      const task = new FakeTask(options);
      platform.tasks.push(task);
      return task;
    },
    resumableNames: () => Promise.resolve(platform.resumable),
    onOnline(callback) {
      online.add(callback);
      return () => online.delete(callback);
    },
    goOnline() {
      for (const callback of online) {
        callback();
      }
    },
    onOffline(callback) {
      offline.add(callback);
      return () => offline.delete(callback);
    },
    goOffline() {
      for (const callback of offline) {
        callback();
      }
    },
    every(ms, callback) {
      const interval = { ms, next: platform.time + ms, callback };
      intervals.add(interval);
      return () => intervals.delete(interval);
    },
    tick(ms) {
      const end = platform.time + ms;
      for (;;) {
        const due = [...intervals].filter((interval) => interval.next <= end);
        const first = due.sort((a, b) => a.next - b.next)[0];
        if (!first) {
          break;
        }
        platform.time = first.next;
        first.next += first.ms;
        first.callback();
      }
      platform.time = end;
    },
    get timers() {
      return intervals.size;
    },
  };
  return platform;
}

export function fileOf(name: string, size: number, type = "application/pdf"): File {
  return new File([new Uint8Array(size)], name, { type });
}
