// What the element needs from a live transport. Polling implements it today; the WebSocket transport
// (a later issue) implements the same interface and feeds the same reducer through `EventSink`.
import type { ServerEvent } from "./types.js";

export type EventSink = (event: ServerEvent) => void;

export interface Transport {
  start(): void;
  /** Ends the transport for good (timers, requests and listeners). */
  stop(): void;
  /** Get a fresh snapshot as soon as possible: `dlw:refresh`, another tab, or a version gap. */
  refresh(): void;
}
