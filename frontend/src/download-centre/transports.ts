// Picks the transport for `data-mode`: `poll`, `ws` (the socket only) or `auto` (socket, falling back
// to polling). Every one feeds the same reducer through `onEvent`. Even `ws` polls once the server
// refuses its socket for any reason but a missing login (no channel layer, a foreign Origin, too
// many sockets): a page that polls beats a page that never changes.
import { createAutoTransport } from "./auto-transport.js";
import type { CentreConfig } from "./config.js";
import type { Platform } from "./platform.js";
import { createPollTransport } from "./poll-transport.js";
import {
  createSocketTransport,
  NOT_LOGGED_IN,
  type SocketHooks,
  socketUrl,
} from "./socket-transport.js";
import type { EventSink, Transport } from "./transport.js";

export interface TransportHooks {
  /** Whether a job is pending or running (polling goes fast). */
  isActive(): boolean;
  /** Keep polling while the tab is hidden. */
  pollWhileHidden(): boolean;
  onEvent: EventSink;
}

export function createTransport(
  config: CentreConfig,
  platform: Platform,
  hooks: TransportHooks,
): Transport {
  const poll = () =>
    createPollTransport({
      url: config.url,
      interval: config.pollInterval,
      fetch: platform.fetch,
      clock: platform.clock,
      visibility: platform.visibility,
      random: platform.random,
      isActive: hooks.isActive,
      pollWhileHidden: hooks.pollWhileHidden,
      onEvent: hooks.onEvent,
    });
  const socket = (socketHooks: SocketHooks = {}) =>
    createSocketTransport({
      url: socketUrl(config.wsUrl, platform.pageUrl()),
      openSocket: platform.openSocket,
      clock: platform.clock,
      random: platform.random,
      onEvent: hooks.onEvent,
      ...socketHooks,
    });
  if (config.mode === "poll" || !config.wsUrl) {
    return poll();
  }
  if (config.mode === "ws") {
    return socketOnly(socket, poll);
  }
  return createAutoTransport({ socket, poll, clock: platform.clock, random: platform.random });
}

/** The socket, replaced by polling when the server refuses it while someone is logged in. */
function socketOnly(socket: (hooks: SocketHooks) => Transport, poll: () => Transport): Transport {
  let stopped = false;
  let current = socket({
    onRefused: (code) => {
      if (code !== NOT_LOGGED_IN && !stopped) {
        current = poll();
        current.start();
        current.refresh();
      }
    },
  });
  return {
    start: () => current.start(),
    stop: () => {
      stopped = true;
      current.stop();
    },
    refresh: () => current.refresh(),
    resync: () => current.resync(),
  };
}
