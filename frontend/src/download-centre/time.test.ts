import { describe, expect, it } from "vitest";
import { relativeTime } from "./time.js";

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
