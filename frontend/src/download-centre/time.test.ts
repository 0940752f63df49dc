import { describe, expect, it } from "vitest";
import { clockTime, duration, relativeTime } from "./time.js";

describe("relativeTime", () => {
  const now = Date.parse("2025-01-01T12:00:00Z");
  it.each([
    ["2025-01-01T11:59:50Z", "now"],
    ["2025-01-01T11:58:00Z", "2 minutes ago"],
    ["2025-01-01T09:00:00Z", "3 hours ago"],
    ["2024-12-31T12:00:00Z", "yesterday"],
  ])("%s is %s", (iso, expected) => {
    expect(relativeTime(iso, now, "en")).toBe(expected);
  });

  it("uses the page language", () => {
    expect(relativeTime("2025-01-01T11:58:00Z", now, "de")).toBe("vor 2 Minuten");
  });
});

describe("clockTime", () => {
  const now = Date.parse("2025-01-01T12:00:00");
  it("shows the clock time for today and the date otherwise", () => {
    expect(clockTime("2025-01-01T09:05:00", now, "en-GB")).toBe("09:05");
    expect(clockTime("2024-12-30T09:05:00", now, "en-GB")).toBe("30 Dec 2024, 09:05");
  });
});

describe("duration", () => {
  it.each([
    [0, "0 sec"],
    [40.2, "41 sec"],
    [61, "2 min"],
    [3600, "1 hr"],
    [3900, "1 hr 5 min"],
  ])("%s s is %s", (seconds, expected) => {
    expect(duration(seconds, "en")).toBe(expected);
  });
});
