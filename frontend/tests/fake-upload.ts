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

  fail(status = 0, detail = ""): void {
    this.options.callbacks.onError({ status, detail });
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
}

export function fakeUploadPlatform(): FakeUploadPlatform {
  const online = new Set<() => void>();
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
  };
  return platform;
}

export function fileOf(name: string, size: number, type = "application/pdf"): File {
  return new File([new Uint8Array(size)], name, { type });
}
