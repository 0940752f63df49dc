import { describe, expect, it } from "vitest";
import { download, fakePlatform, listResponse, settle } from "../../tests/fake-platform.js";
import { type AutoOptions, createAutoTransport } from "./auto-transport.js";
import { createPollTransport } from "./poll-transport.js";
import {
  createSocketTransport,
  LIVE_UNAVAILABLE,
  NOT_LOGGED_IN,
  ORIGIN_REFUSED,
  TOO_MANY_SOCKETS,
} from "./socket-transport.js";
import type { ServerEvent } from "./types.js";

function setup(overrides: Partial<AutoOptions> = {}) {
  const platform = fakePlatform();
  const events: ServerEvent[] = [];
  const onEvent = (event: ServerEvent) => events.push(event);
  const transport = createAutoTransport({
    socket: (hooks) =>
      createSocketTransport({
        url: "wss://example.test/ws/dlwidget/",
        openSocket: platform.openSocket,
        clock: platform.clock,
        random: platform.random,
        onEvent,
        ...hooks,
      }),
    poll: () =>
      createPollTransport({
        url: "/dlwidget/downloads/",
        interval: 5000,
        fetch: platform.fetch,
        clock: platform.clock,
        visibility: platform.visibility,
        random: platform.random,
        isActive: () => false,
        onEvent,
      }),
    clock: platform.clock,
    random: () => 1,
    upgradeDelay: 30_000,
    ...overrides,
  });
  return { platform, transport, events, sockets: platform.sockets, network: platform.network };
}

describe("AutoTransport", () => {
  it("uses the socket while it works; a single drop only reconnects", () => {
    const { platform, transport, sockets, network } = setup();
    transport.start();
    sockets.last.accept(1);
    expect(transport.mode).toBe("socket");
    sockets.last.drop(1006);
    platform.fakeClock.advance(1000);
    sockets.last.accept(2);
    expect(transport.mode).toBe("socket");
    platform.fakeClock.advance(60_000);
    expect(network.calls).toHaveLength(0);
  });

  it("falls back to polling when the socket cannot connect", async () => {
    const { platform, transport, sockets, network, events } = setup();
    const a = download("running");
    network.respond = () => listResponse(3, [a]);
    transport.start();
    sockets.last.drop(1006);
    expect(transport.mode).toBe("socket");
    platform.fakeClock.advance(1000);
    sockets.last.drop(1006);
    expect(transport.mode).toBe("polling");
    await settle();
    // Polls at once (what happened while the socket failed), then on its own schedule.
    expect(network.calls).toHaveLength(1);
    expect(events).toEqual([{ type: "snapshot", version: 3, downloads: [a] }]);
    expect(sockets.opened).toHaveLength(2);
  });

  it("falls back when a live socket keeps dying", () => {
    const { platform, transport, sockets } = setup();
    transport.start();
    sockets.last.accept(1);
    sockets.last.drop(1011);
    platform.fakeClock.advance(1000);
    sockets.last.drop(1011); // reconnect failed before its snapshot
    expect(transport.mode).toBe("polling");
  });

  it("upgrades back to the socket later, and stops polling once its snapshot arrives", async () => {
    const { platform, transport, sockets, network } = setup();
    transport.start();
    sockets.last.drop(1006);
    platform.fakeClock.advance(1000);
    sockets.last.drop(1006);
    expect(transport.mode).toBe("polling");
    await settle();
    const polls = network.calls.length;
    // First upgrade attempt after upgradeDelay (random 1: the full delay); it fails.
    platform.fakeClock.advance(29_999);
    expect(sockets.opened).toHaveLength(2);
    platform.fakeClock.advance(1);
    expect(sockets.opened).toHaveLength(3);
    sockets.last.drop(1006);
    expect(transport.mode).toBe("polling");
    // The next attempt waits twice as long and succeeds.
    await settle();
    platform.fakeClock.advance(60_000);
    expect(sockets.opened).toHaveLength(4);
    expect(transport.mode).toBe("polling"); // until the snapshot arrives
    sockets.last.accept(8);
    expect(transport.mode).toBe("socket");
    await settle();
    const after = network.calls.length;
    expect(after).toBeGreaterThan(polls);
    platform.fakeClock.advance(120_000);
    await settle();
    expect(network.calls.length).toBe(after); // polling stopped
  });

  it("does not try the socket again after a 4401, but polls", async () => {
    const { platform, transport, sockets, network } = setup();
    transport.start();
    sockets.last.drop(NOT_LOGGED_IN);
    expect(transport.mode).toBe("polling");
    await settle();
    expect(network.calls).toHaveLength(1);
    platform.fakeClock.advance(3_600_000);
    expect(sockets.opened).toHaveLength(1);
  });

  it("polls at once, and for good, when the server has no channel layer (4503)", async () => {
    const { platform, transport, sockets, network, events } = setup();
    network.respond = () => listResponse(2, [download("running")]);
    transport.start();
    sockets.last.drop(LIVE_UNAVAILABLE);
    expect(transport.mode).toBe("polling");
    await settle();
    expect(network.calls).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(["snapshot"]);
    platform.fakeClock.advance(3_600_000);
    await settle();
    expect(sockets.opened).toHaveLength(1); // no upgrade attempts
    expect(network.calls.length).toBeGreaterThan(1);
  });

  it("polls for good after a foreign-Origin refusal (4403)", async () => {
    const { platform, transport, sockets, network } = setup();
    transport.start();
    sockets.last.drop(ORIGIN_REFUSED);
    expect(transport.mode).toBe("polling");
    await settle();
    expect(network.calls).toHaveLength(1);
    platform.fakeClock.advance(3_600_000);
    expect(sockets.opened).toHaveLength(1);
  });

  it("polls after 4429 (too many sockets) and tries a socket again later, backing off", async () => {
    const { platform, transport, sockets, network } = setup();
    network.respond = () => listResponse(2, [download("running")]);
    transport.start();
    sockets.last.drop(TOO_MANY_SOCKETS);
    expect(transport.mode).toBe("polling");
    await settle();
    expect(network.calls).toHaveLength(1);
    // No reconnect loop: the next socket waits for the upgrade delay...
    platform.fakeClock.advance(29_000);
    expect(sockets.opened).toHaveLength(1);
    platform.fakeClock.advance(1_000);
    expect(sockets.opened).toHaveLength(2);
    // ...refused again, the one after waits twice as long.
    sockets.last.drop(TOO_MANY_SOCKETS);
    platform.fakeClock.advance(59_000);
    expect(sockets.opened).toHaveLength(2);
    platform.fakeClock.advance(1_000);
    expect(sockets.opened).toHaveLength(3);
    // A slot came free: the socket takes over and polling ends.
    sockets.last.accept(3);
    expect(transport.mode).toBe("socket");
  });

  it("resync and refresh go to polling while it is active", async () => {
    const { platform, transport, sockets, network } = setup();
    transport.start();
    sockets.last.accept(1);
    transport.resync();
    expect(sockets.opened).toHaveLength(2); // the socket reconnects for a snapshot
    sockets.last.drop(1006);
    platform.fakeClock.advance(1000);
    sockets.last.drop(1006);
    await settle();
    const calls = network.calls.length;
    transport.resync();
    await settle();
    expect(network.calls.length).toBe(calls + 1);
  });

  it("stop ends the socket, the polling and the upgrade timer", async () => {
    const { platform, transport, sockets, network } = setup();
    transport.start();
    sockets.last.drop(1006);
    platform.fakeClock.advance(1000);
    sockets.last.drop(1006);
    await settle();
    transport.stop();
    const calls = network.calls.length;
    platform.fakeClock.advance(3_600_000);
    await settle();
    expect(network.calls.length).toBe(calls);
    expect(sockets.opened).toHaveLength(2);
    expect(transport.mode).toBe("stopped");
  });
});
