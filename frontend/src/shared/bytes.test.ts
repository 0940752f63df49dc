import { describe, expect, it } from "vitest";
import { formatBytes, scaleBytes } from "./bytes.js";
import table from "./bytes-cases.json" with { type: "json" };

/** The table the server's `format_size` is held to as well. */
const CASES = table as unknown as { en: [number, string][] };

describe("byte sizes", () => {
  it("uses SI decimal units (powers of 1000), never binary ones", () => {
    expect(scaleBytes(999)).toEqual({ value: 999, unit: "byte" });
    expect(scaleBytes(1000)).toEqual({ value: 1, unit: "kilobyte" });
    expect(scaleBytes(1024)).toEqual({ value: 1, unit: "kilobyte" });
    expect(scaleBytes(1536)).toEqual({ value: 1.5, unit: "kilobyte" });
    expect(scaleBytes(30_000_000)).toEqual({ value: 30, unit: "megabyte" });
    expect(scaleBytes(2_500_000_000_000)).toEqual({ value: 2.5, unit: "terabyte" });
  });

  it("moves up a unit when rounding would show 1000", () => {
    expect(scaleBytes(999_950)).toEqual({ value: 1, unit: "megabyte" });
    expect(scaleBytes(999_940)).toEqual({ value: 999.9, unit: "kilobyte" });
  });

  it("treats nonsense as nothing", () => {
    expect(scaleBytes(-5)).toEqual({ value: 0, unit: "byte" });
    expect(scaleBytes(Number.NaN)).toEqual({ value: 0, unit: "byte" });
  });

  it.each(CASES.en)("writes %d bytes as the server does: %s", (size, text) => {
    expect(formatBytes(size, "en")).toBe(text);
  });

  it("writes the number and the symbol in the page's language", () => {
    expect(formatBytes(200, "en")).toBe("200 byte");
    expect(formatBytes(1536, "en")).toBe("1.5 kB");
    expect(formatBytes(2000, "en")).toBe("2 kB");
    expect(formatBytes(1_500_000, "de")).toBe("1,5 MB");
    expect(formatBytes(1_500_000, "fr")).toMatch(/^1,5\s+Mo$/u);
  });
});
