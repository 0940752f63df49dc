import { describe, expect, it } from "vitest";
import { download } from "../../tests/fake-platform.js";
import { MIN_OBSERVED_MS, RateTracker } from "./rate.js";

describe("RateTracker", () => {
  it("estimates the time left from the progress rate since it first saw the job", () => {
    const job = { ...download("running"), progress: 10 };
    const rates = new RateTracker();
    rates.observe([job], 0);
    expect(rates.secondsLeft(job, 0)).toBeNull();
    const later = { ...job, progress: 30 };
    rates.observe([later], 10_000);
    // 20 points in 10 s: the remaining 70 points take 35 s.
    expect(rates.secondsLeft(later, 10_000)).toBe(35);
  });

  it("waits for movement and a few seconds before guessing", () => {
    const job = { ...download("running"), progress: 10 };
    const rates = new RateTracker();
    rates.observe([job], 0);
    expect(rates.secondsLeft(job, 60_000)).toBeNull(); // no movement
    const moved = { ...job, progress: 11 };
    expect(rates.secondsLeft(moved, MIN_OBSERVED_MS - 1)).toBeNull();
    expect(rates.secondsLeft(moved, MIN_OBSERVED_MS)).not.toBeNull();
  });

  it("forgets jobs that stopped running and never estimates finished ones", () => {
    const job = { ...download("running"), progress: 10 };
    const rates = new RateTracker();
    rates.observe([job], 0);
    const ready = { ...job, status: "ready" as const, progress: 100 };
    expect(rates.secondsLeft(ready, 10_000)).toBeNull();
    rates.observe([ready], 10_000);
    const again = { ...job, progress: 50 };
    rates.observe([again], 20_000); // seen anew from here
    expect(rates.secondsLeft(again, 20_000)).toBeNull();
  });
});
