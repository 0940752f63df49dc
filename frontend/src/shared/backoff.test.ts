import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  const at = (attempt: number, r: number) => backoffDelay(attempt, 1000, 30_000, () => r);

  it("doubles from the base per attempt up to the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => at(n, 0.999_999))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it("jitters into [d/2, d]", () => {
    expect([at(0, 0), at(0, 1)]).toEqual([500, 1000]);
    expect([at(1, 0), at(1, 1)]).toEqual([1000, 2000]);
    expect([at(3, 0), at(3, 1)]).toEqual([4000, 8000]);
    expect([at(39, 0), at(39, 1)]).toEqual([15_000, 30_000]);
    expect(at(2, 0)).toBe(2000);
    expect(at(2, 0.5)).toBe(3000);
    expect(at(10, 0)).toBe(15_000);
  });

  it("treats a negative attempt as the first and never overflows", () => {
    expect(at(-3, 0)).toBe(500);
    expect(at(10_000, 0.5)).toBe(22_500);
  });
});
