// Platform pieces behind small interfaces, so tests drive time, the network, sockets, visibility,
// storage and other tabs deterministically. `browserPlatform()` wires the real ones.

import { browserClock, type Clock } from "../shared/clock.js";

export type { Clock, TimerId } from "../shared/clock.js";

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

/** What a socket reports; `message` gets the frame's data as it came. */
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number): void;
}

/** An open(ing) WebSocket, as far as the transport needs it. */
export interface SocketHandle {
  close(code?: number): void;
}

/** Opens a WebSocket to `url`; may throw (a malformed URL) like `new WebSocket`. */
export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketHandle;

export interface Platform {
  fetch: Fetch;
  openSocket: OpenSocket;
  /** The page's address (`location.href`): relative socket paths resolve against it. */
  pageUrl(): string;
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
    openSocket(url, handlers) {
      const socket = new WebSocket(url);
      socket.onopen = () => handlers.open();
      socket.onmessage = (event) => handlers.message(event.data);
      socket.onclose = (event) => handlers.close(event.code);
      return { close: (code) => socket.close(code) };
    },
    pageUrl: () => location.href,
    clock: browserClock,
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
