import { describe, expect, it } from "vitest";
import { download, fakePlatform, listResponse, settle } from "../../tests/fake-platform.js";
import {
  createPollTransport,
  type DelayConfig,
  nextDelay,
  type PollOptions,
} from "./poll-transport.js";
import type { ServerEvent } from "./types.js";

const CONFIG: DelayConfig = { interval: 5000, activeInterval: 1000, maxDelay: 60_000 };

function setup(overrides: Partial<PollOptions> = {}) {
  const platform = fakePlatform();
  const events: ServerEvent[] = [];
  const errors: unknown[] = [];
  let active = false;
  const transport = createPollTransport({
    url: "/dlwidget/downloads/",
    interval: 5000,
    fetch: platform.fetch,
    clock: platform.clock,
    visibility: platform.visibility,
    random: platform.random,
    isActive: () => active,
    onEvent: (event) => events.push(event),
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return {
    platform,
    transport,
    events,
    errors,
    setActive: (value: boolean) => {
      active = value;
    },
  };
}

describe("nextDelay", () => {
  it("polls fast while a job is active", () => {
    expect(nextDelay({ failures: 0, idleRounds: 4, active: true }, CONFIG, () => 0.9)).toBe(1000);
  });

  it("doubles when idle, jittered into [d/2, d], capped", () => {
    const at = (idleRounds: number, r: number) =>
      nextDelay({ failures: 0, idleRounds, active: false }, CONFIG, () => r);
    expect([at(0, 0), at(0, 1)]).toEqual([2500, 5000]);
    expect([at(1, 0), at(1, 1)]).toEqual([5000, 10_000]);
    expect([at(3, 0), at(3, 1)]).toEqual([20_000, 40_000]);
    expect([at(50, 0), at(50, 1)]).toEqual([30_000, 60_000]);
  });

  it("backs off on errors even while active", () => {
    const at = (failures: number, r: number) =>
      nextDelay({ failures, idleRounds: 0, active: true }, CONFIG, () => r);
    expect([at(1, 0), at(1, 1)]).toEqual([2500, 5000]);
    expect([at(2, 0), at(2, 1)]).toEqual([5000, 10_000]);
    expect(at(10, 1)).toBe(60_000);
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const delay = at(4, r);
      expect(delay).toBeGreaterThanOrEqual(20_000);
      expect(delay).toBeLessThanOrEqual(40_000);
    }
  });
});

describe("PollTransport", () => {
  it("sends If-None-Match with the last ETag and emits nothing on 304", async () => {
    const { platform, transport, events } = setup();
    const a = download("ready");
    platform.network.respond = () => listResponse(7, [a], '"etag-7"');
    transport.start();
    expect(platform.network.calls).toHaveLength(0); // the page was rendered with the list
    platform.fakeClock.advance(5000);
    await settle();
    expect(platform.network.calls[0]?.url).toBe("/dlwidget/downloads/");
    const init = platform.network.calls[0]?.init;
    expect(init?.credentials).toBe("same-origin");
    expect(init?.headers).toEqual({ Accept: "application/json" });
    expect(events).toEqual([{ type: "snapshot", version: 7, downloads: [a] }]);

    platform.network.respond = () => new Response(null, { status: 304 });
    platform.fakeClock.advance(platform.fakeClock.nextDelay() ?? 0);
    await settle();
    expect(platform.network.calls[1]?.init.headers).toEqual({
      Accept: "application/json",
      "If-None-Match": '"etag-7"',
    });
    expect(events).toHaveLength(1);
    transport.stop();
  });

  it("backs off while unchanged and resets when the list changes", async () => {
    const { platform, transport } = setup();
    platform.network.respond = () => new Response(null, { status: 304 });
    transport.start();
    expect(platform.fakeClock.nextDelay()).toBe(3750); // random 0.5 -> 3/4 of 5000
    platform.fakeClock.advance(3750);
    await settle();
    expect(platform.fakeClock.nextDelay()).toBe(7500);
    platform.fakeClock.advance(7500);
    await settle();
    expect(platform.fakeClock.nextDelay()).toBe(15_000);
    platform.network.respond = () => listResponse(2, []);
    platform.fakeClock.advance(15_000);
    await settle();
    expect(platform.fakeClock.nextDelay()).toBe(3750);
    transport.stop();
  });

  it("polls every second while a job runs", async () => {
    const { platform, transport, setActive } = setup();
    setActive(true);
    transport.start();
    expect(platform.fakeClock.nextDelay()).toBe(1000);
    platform.fakeClock.advance(1000);
    await settle();
    expect(platform.network.calls).toHaveLength(1);
    expect(platform.fakeClock.nextDelay()).toBe(1000);
    transport.stop();
  });

  it("backs off on errors and bad bodies, then recovers", async () => {
    const { platform, transport, errors, events, setActive } = setup();
    setActive(true);
    platform.network.respond = () => new Response("oops", { status: 502 });
    transport.start();
    platform.fakeClock.advance(1000);
    await settle();
    expect(errors).toHaveLength(1);
    expect(platform.fakeClock.nextDelay()).toBe(3750);
    platform.network.respond = () => new Response("<html>", { status: 200 });
    platform.fakeClock.advance(3750);
    await settle();
    expect(errors).toHaveLength(2);
    expect(platform.fakeClock.nextDelay()).toBe(7500);
    platform.network.respond = () => Promise.reject(new TypeError("offline"));
    platform.fakeClock.advance(7500);
    await settle();
    expect(platform.fakeClock.nextDelay()).toBe(15_000);
    platform.network.respond = () => listResponse(1, []);
    platform.fakeClock.advance(15_000);
    await settle();
    expect(events).toHaveLength(1);
    expect(platform.fakeClock.nextDelay()).toBe(1000);
    transport.stop();
  });

  it("pauses while hidden and refreshes at once when shown", async () => {
    const { platform, transport } = setup();
    transport.start();
    platform.fakeVisibility.set(true);
    expect(platform.fakeClock.timers).toHaveLength(0);
    platform.fakeClock.advance(600_000);
    expect(platform.network.calls).toHaveLength(0);
    platform.fakeVisibility.set(false);
    expect(platform.network.calls).toHaveLength(1);
    await settle();
    // The refresh reset the idle count; its unchanged (304) answer is the first idle round.
    expect(platform.fakeClock.nextDelay()).toBe(7500);
    transport.stop();
  });

  it("starts paused in a hidden tab, and can keep polling when asked to", async () => {
    const paused = setup();
    paused.platform.fakeVisibility.hidden = true;
    paused.transport.start();
    expect(paused.platform.fakeClock.timers).toHaveLength(0);
    paused.transport.stop();

    const kept = setup({ pollWhileHidden: () => true });
    kept.setActive(true);
    kept.platform.fakeVisibility.hidden = true;
    kept.transport.start();
    expect(kept.platform.fakeClock.nextDelay()).toBe(5000); // idle pace, not 1 s
    kept.transport.stop();
  });

  it("refresh fetches now, and once more when asked during a fetch", async () => {
    const { platform, transport } = setup();
    transport.start();
    transport.refresh();
    expect(platform.network.calls).toHaveLength(1);
    transport.refresh(); // while fetching
    transport.refresh();
    await settle();
    expect(platform.fakeClock.nextDelay()).toBe(0);
    platform.fakeClock.advance(0);
    await settle();
    expect(platform.network.calls).toHaveLength(2);
    expect(platform.fakeClock.nextDelay()).toBe(15_000); // two unchanged answers
    transport.stop();
  });

  it("stop aborts the request, clears timers, and is final", async () => {
    const { platform, transport, events, errors } = setup();
    platform.network.respond = () => listResponse(1, []);
    transport.start();
    transport.refresh();
    const signal = platform.network.calls[0]?.init.signal;
    transport.stop();
    transport.stop();
    expect(signal?.aborted).toBe(true);
    await settle();
    expect(platform.fakeClock.timers).toHaveLength(0);
    expect(transport.state).toBe("stopped");
    transport.refresh();
    expect(platform.network.calls).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(events.length).toBeLessThanOrEqual(1);
  });

  it("drops a fast-running job's interval back when idle again", async () => {
    const { platform, transport, setActive } = setup();
    setActive(true);
    platform.network.respond = () => listResponse(1, []);
    transport.start();
    platform.fakeClock.advance(1000);
    setActive(false);
    await settle();
    expect(platform.fakeClock.nextDelay()).toBe(3750);
    transport.stop();
  });
});
