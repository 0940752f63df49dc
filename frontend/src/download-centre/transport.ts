// What the element needs from a live transport. Polling, the WebSocket and `auto` (socket first,
// polling as the fallback) implement it and feed the same reducer through `EventSink`.
import type { ServerEvent } from "./types.js";

export type EventSink = (event: ServerEvent) => void;

export interface Transport {
  start(): void;
  /** Ends the transport for good (timers, requests and listeners). */
  stop(): void;
  /** Something may have changed (`dlw:refresh`, another tab, an action): catch up if not pushed. */
  refresh(): void;
  /** The state has a version gap: get a fresh snapshot. */
  resync(): void;
}
