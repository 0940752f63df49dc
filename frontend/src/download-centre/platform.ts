// Platform pieces behind small interfaces, so tests drive time, the network, visibility, storage and
// other tabs deterministically. `browserPlatform()` wires the real ones.

export type TimerId = ReturnType<typeof setTimeout>;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

export interface Visibility {
  isHidden(): boolean;
  /** Calls `callback` on every change; returns the unsubscribe function. */
  subscribe(callback: () => void): () => void;
}

/** The subset of `localStorage` used for the "seen" set. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The subset of `BroadcastChannel` used to tell other tabs to refresh. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  close(): void;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface Platform {
  fetch: Fetch;
  clock: Clock;
  visibility: Visibility;
  random(): number;
  storage(): KeyValueStore | null;
  channel(name: string): TabChannel | null;
  /** Asks for permission to show notifications (call from a user gesture). */
  requestNotifications(): void;
  /** Shows a system notification when permitted; `tag` collapses duplicates from several tabs. */
  notify(message: string, tag: string): void;
}

export function browserPlatform(): Platform {
  return {
    fetch: (input, init) => fetch(input, init),
    clock: {
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (id) => clearTimeout(id),
    },
    visibility: {
      isHidden: () => document.visibilityState === "hidden",
      subscribe(callback) {
        document.addEventListener("visibilitychange", callback);
        return () => document.removeEventListener("visibilitychange", callback);
      },
    },
    random: Math.random,
    storage() {
      try {
        return localStorage; // throws when storage is disabled
      } catch {
        return null;
      }
    },
    channel: (name) => (typeof BroadcastChannel === "function" ? new BroadcastChannel(name) : null),
    requestNotifications() {
      if (typeof Notification === "function" && Notification.permission === "default") {
        void Notification.requestPermission();
      }
    },
    notify(message, tag) {
      if (typeof Notification === "function" && Notification.permission === "granted") {
        new Notification(message, { tag });
      }
    },
  };
}
