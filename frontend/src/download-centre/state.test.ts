import { describe, expect, it } from "vitest";
import { download } from "../../tests/fake-platform.js";
import { badgeCount, createState, hasGap, reduce, transitions } from "./state.js";

describe("reduce", () => {
  it("applies a snapshot newest first", () => {
    const old = download("ready", { created: "2025-01-01T10:00:00Z" });
    const recent = download("running", { created: "2025-01-01T11:00:00Z" });
    const state = reduce(createState(), { type: "snapshot", version: 3, downloads: [old, recent] });
    expect(state.version).toBe(3);
    expect(state.downloads.map((d) => d.key)).toEqual([recent.key, old.key]);
  });

  it("drops snapshots and events older than the state", () => {
    const a = download("running");
    const state = createState([a], 5);
    const stale = { ...a, status: "ready" as const };
    expect(reduce(state, { type: "snapshot", version: 4, downloads: [] })).toBe(state);
    expect(reduce(state, { type: "download", version: 5, download: stale })).toBe(state);
    expect(reduce(state, { type: "removed", version: 3, key: a.key })).toBe(state);
  });

  it("applies events in order and replaces a download by key", () => {
    const a = download("pending");
    let state = createState([a], 1);
    state = reduce(state, { type: "download", version: 2, download: { ...a, status: "running" } });
    state = reduce(state, {
      type: "download",
      version: 3,
      download: { ...a, status: "running", progress: 70 },
    });
    expect(state.downloads).toHaveLength(1);
    expect(state.downloads[0]?.progress).toBe(70);
    expect(state.version).toBe(3);
  });

  it("inserts new downloads at the top and removes cleared ones", () => {
    const a = download("ready");
    const b = download("pending");
    let state = reduce(createState([a], 1), { type: "download", version: 2, download: b });
    expect(state.downloads.map((d) => d.key)).toEqual([b.key, a.key]);
    state = reduce(state, { type: "removed", version: 3, key: a.key });
    expect(state.downloads.map((d) => d.key)).toEqual([b.key]);
  });

  it("applies an event after a gap in versions, which calls for a re-sync", () => {
    const a = download("running");
    const state = createState([a], 1);
    const skipped = { type: "removed", version: 4, key: a.key } as const;
    const gap = reduce(state, skipped);
    expect(gap.downloads).toEqual([]);
    expect(gap.version).toBe(4);
    expect(hasGap(state, skipped)).toBe(true);
    expect(hasGap(createState([a], null), skipped)).toBe(true); // no version yet
    expect(hasGap(state, { type: "removed", version: 2, key: a.key })).toBe(false);
    expect(hasGap(gap, { type: "snapshot", version: 6, downloads: [] })).toBe(false);
  });

  it("accepts a snapshot at the same version (a re-sync)", () => {
    const state = createState([], 2);
    const a = download("ready");
    expect(reduce(state, { type: "snapshot", version: 2, downloads: [a] }).downloads).toEqual([a]);
  });
});

describe("transitions and badge", () => {
  it("lists downloads whose status changed, new ones from null", () => {
    const a = download("running");
    const b = download("pending");
    const previous = createState([a, b], 1);
    const c = download("ready");
    const next = createState([{ ...a, status: "ready" }, { ...b, progress: 5 }, c], 2);
    expect(transitions(previous, next).map((t) => [t.download.key, t.from])).toEqual([
      [c.key, null],
      [a.key, "running"],
    ]);
  });

  it("counts running, pending and unseen ready downloads", () => {
    const ready = download("ready");
    const state = createState(
      [download("running"), download("pending"), ready, download("failed"), download("cancelled")],
      1,
    );
    expect(badgeCount(state, new Set())).toBe(3);
    expect(badgeCount(state, new Set([ready.key]))).toBe(2);
  });
});
