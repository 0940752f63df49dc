import { describe, expect, it } from "vitest";
import { download, fakePlatform } from "../../tests/fake-platform.js";
import {
  createSocketTransport,
  LIVE_UNAVAILABLE,
  NOT_LOGGED_IN,
  ORIGIN_REFUSED,
  type SocketOptions,
  socketUrl,
  TOO_MANY_SOCKETS,
} from "./socket-transport.js";
import type { ServerEvent } from "./types.js";

const URL = "wss://example.test/ws/dlwidget/";

function setup(overrides: Partial<SocketOptions> = {}) {
  const platform = fakePlatform();
  const events: ServerEvent[] = [];
  const downs: [number, number][] = [];
  let live = 0;
  const refusals: number[] = [];
  const transport = createSocketTransport({
    url: URL,
    openSocket: platform.openSocket,
    clock: platform.clock,
    random: platform.random,
    onEvent: (event) => events.push(event),
    onLive: () => {
      live += 1;
    },
    onDown: (failures, code) => downs.push([failures, code]),
    onRefused: (code) => refusals.push(code),
    ...overrides,
  });
  return {
    platform,
    transport,
    events,
    downs,
    sockets: platform.sockets,
    refusals,
    counts: () => ({ live, refused: refusals.length }),
  };
}

describe("socketUrl", () => {
  it("follows the page's scheme for a path", () => {
    expect(socketUrl("/ws/dlwidget/", "http://site.test:8000/a/b")).toBe(
      "ws://site.test:8000/ws/dlwidget/",
    );
    expect(socketUrl("/ws/dlwidget/", "https://site.test/a")).toBe("wss://site.test/ws/dlwidget/");
  });

  it("keeps an absolute socket URL, and maps an absolute http(s) one", () => {
    expect(socketUrl("wss://push.site.test/ws/", "http://site.test/")).toBe(
      "wss://push.site.test/ws/",
    );
    expect(socketUrl("https://push.site.test/ws/", "http://site.test/")).toBe(
      "wss://push.site.test/ws/",
    );
  });
});

describe("SocketTransport", () => {
  it("opens the socket and forwards the snapshot and the events", () => {
    const { transport, sockets, events, counts } = setup();
    transport.start();
    expect(sockets.opened).toHaveLength(1);
    expect(sockets.last.url).toBe(URL);
    expect(transport.state).toBe("connecting");
    const a = download("running");
    sockets.last.accept(5, [a]);
    expect(transport.state).toBe("live");
    expect(counts().live).toBe(1);
    sockets.last.send({ type: "download", version: 6, download: { ...a, progress: 50 } });
    sockets.last.send({ type: "removed", version: 7, key: a.key });
    expect(events).toEqual([
      { type: "snapshot", version: 5, downloads: [a] },
      { type: "download", version: 6, download: { ...a, progress: 50 } },
      { type: "removed", version: 7, key: a.key },
    ]);
  });

  it("ignores frames that are not well-formed events", () => {
    const { transport, sockets, events } = setup();
    transport.start();
    sockets.last.handlers.message("not json");
    sockets.last.handlers.message(new ArrayBuffer(4));
    sockets.last.send({ type: "download", version: 3, download: { key: 1 } });
    sockets.last.send({ type: "hello", version: 3 });
    sockets.last.send({ type: "removed", key: "k" });
    expect(events).toEqual([]);
    expect(transport.state).toBe("connecting");
  });

  it("reconnects with exponential backoff and jitter, then gets a fresh snapshot", () => {
    const { platform, transport, sockets, events, downs } = setup({ random: () => 1 });
    transport.start();
    sockets.last.accept(1);
    sockets.last.drop(1006);
    expect(transport.state).toBe("waiting");
    expect(downs).toEqual([[1, 1006]]);
    expect(platform.fakeClock.nextDelay()).toBe(1000);
    platform.fakeClock.advance(999);
    expect(sockets.opened).toHaveLength(1);
    platform.fakeClock.advance(1);
    expect(sockets.opened).toHaveLength(2);
    // The server is still down: each failure waits twice as long.
    sockets.last.drop(1006);
    expect(platform.fakeClock.nextDelay()).toBe(2000);
    platform.fakeClock.advance(2000);
    sockets.last.drop(1006);
    expect(platform.fakeClock.nextDelay()).toBe(4000);
    expect(downs.map(([failures]) => failures)).toEqual([1, 2, 3]);
    platform.fakeClock.advance(4000);
    // Back: the server's snapshot brings what was missed, and the backoff starts over.
    const missed = download("ready");
    sockets.last.accept(9, [missed]);
    expect(events.at(-1)).toEqual({ type: "snapshot", version: 9, downloads: [missed] });
    sockets.last.drop(1001);
    expect(platform.fakeClock.nextDelay()).toBe(1000);
  });

  it("jitters reconnects so that clients do not return together", () => {
    const delays = [0, 0.5, 1].map((r) => {
      const { platform, transport, sockets } = setup({ random: () => r });
      transport.start();
      sockets.last.drop(1006);
      return platform.fakeClock.nextDelay();
    });
    expect(delays).toEqual([500, 750, 1000]);
  });

  it("stops for good on 4401 (not logged in)", () => {
    const { platform, transport, sockets, counts, downs } = setup();
    transport.start();
    sockets.last.accept(1);
    sockets.last.drop(NOT_LOGGED_IN);
    expect(transport.state).toBe("stopped");
    expect(counts().refused).toBe(1);
    expect(downs).toEqual([]);
    platform.fakeClock.advance(600_000);
    expect(sockets.opened).toHaveLength(1);
  });

  it("stops for good on 4503 (no channel layer) and reports the code", () => {
    const { platform, transport, sockets, refusals, downs } = setup();
    transport.start();
    sockets.last.drop(LIVE_UNAVAILABLE);
    expect(LIVE_UNAVAILABLE).toBe(4503);
    expect(transport.state).toBe("stopped");
    expect(refusals).toEqual([4503]);
    expect(downs).toEqual([]);
    platform.fakeClock.advance(600_000);
    expect(sockets.opened).toHaveLength(1);
  });

  it.each([
    [4403, "a foreign Origin"],
    [4429, "too many sockets"],
  ])("stops on %i (%s) instead of retrying in a loop", (code) => {
    const { platform, transport, sockets, refusals, downs } = setup();
    transport.start();
    sockets.last.drop(code);
    expect(transport.state).toBe("stopped");
    expect(refusals).toEqual([code]);
    expect(downs).toEqual([]);
    platform.fakeClock.advance(600_000);
    expect(sockets.opened).toHaveLength(1);
  });

  it("takes the new close codes from the contract", () => {
    expect([ORIGIN_REFUSED, TOO_MANY_SOCKETS]).toEqual([4403, 4429]);
  });

  it("reports which refusal it was", () => {
    const { transport, sockets, refusals } = setup();
    transport.start();
    sockets.last.drop(NOT_LOGGED_IN);
    expect(refusals).toEqual([4401]);
  });

  it("resync reconnects at once for a fresh snapshot", () => {
    const { platform, transport, sockets, events } = setup();
    transport.start();
    sockets.last.accept(1);
    const first = sockets.last;
    transport.resync();
    expect(first.closedWith).toBe(1000);
    expect(sockets.opened).toHaveLength(2);
    expect(transport.state).toBe("connecting");
    // A second gap before the snapshot arrives does not open yet another socket.
    transport.resync();
    expect(sockets.opened).toHaveLength(2);
    // The old socket's late close is ignored.
    first.drop(1000);
    expect(platform.fakeClock.timers).toHaveLength(0);
    sockets.last.accept(12);
    expect(events.at(-1)).toMatchObject({ type: "snapshot", version: 12 });
  });

  it("refresh does not reconnect a live socket", () => {
    const { transport, sockets } = setup();
    transport.start();
    sockets.last.accept(1);
    transport.refresh();
    expect(sockets.opened).toHaveLength(1);
    expect(sockets.last.closedWith).toBeNull();
  });

  it("treats a socket that cannot even be created as a failure", () => {
    const { platform, transport, downs } = setup();
    platform.sockets.throwing = true;
    transport.start();
    expect(downs).toEqual([[1, 1006]]);
    expect(transport.state).toBe("waiting");
  });

  it("stop closes a live socket", () => {
    const { transport, sockets } = setup();
    transport.start();
    sockets.last.accept(1);
    transport.stop();
    expect(sockets.last.closedWith).toBe(1000);
    expect(transport.state).toBe("stopped");
  });

  it("stop cancels a pending reconnect", () => {
    const { platform, transport, sockets } = setup();
    transport.start();
    sockets.last.drop(1006);
    transport.stop();
    expect(platform.fakeClock.timers).toHaveLength(0);
    platform.fakeClock.advance(60_000);
    expect(sockets.opened).toHaveLength(1);
  });
});
