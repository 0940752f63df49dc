// Platform pieces behind a small interface, so tests drive time and the transport. The
// element uses `browserUploadPlatform()` unless one is set before it connects.
import { defaultOptions } from "tus-js-client";
import type { TaskFactory } from "./task.js";
import type { ObjectUrls } from "./thumbnail.js";
import { createTusTask } from "./tus-task.js";

export interface UploadPlatform {
  now(): number;
  createTask: TaskFactory;
  /** Names of unfinished uploads this browser could resume (from the fingerprint store). */
  resumableNames(): Promise<string[]>;
  /** Calls `callback` when the browser comes back online; returns the unsubscribe function. */
  onOnline(callback: () => void): () => void;
  /** Calls `callback` when the browser goes offline; returns the unsubscribe function. */
  onOffline(callback: () => void): () => void;
  /** Calls `callback` every `ms` until the returned function is called (the retry countdown). */
  every(ms: number, callback: () => void): () => void;
  /** Object URLs of chosen files, for the image previews. */
  objectUrls: ObjectUrls;
}

export function browserUploadPlatform(): UploadPlatform {
  return {
    now: () => Date.now(),
    createTask: createTusTask,
    async resumableNames() {
      try {
        const uploads = await defaultOptions.urlStorage.findAllUploads();
        return uploads.map((upload) => upload.metadata.filename ?? "").filter(Boolean);
      } catch {
        return [];
      }
    },
    onOnline(callback) {
      window.addEventListener("online", callback);
      return () => window.removeEventListener("online", callback);
    },
    onOffline(callback) {
      window.addEventListener("offline", callback);
      return () => window.removeEventListener("offline", callback);
    },
    every(ms, callback) {
      const timer = window.setInterval(callback, ms);
      return () => window.clearInterval(timer);
    },
    objectUrls: {
      create: (file) => URL.createObjectURL(file),
      revoke: (url) => URL.revokeObjectURL(url),
    },
  };
}
