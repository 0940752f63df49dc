import { describe, expect, it } from "vitest";
import { isRetryable, retryDelay } from "./tus-task.js";

describe("isRetryable", () => {
  it("retries what tus-js-client retries, and the server's 429 cap on uploads at once", () => {
    expect([0, 409, 423, 429, 500, 503].map(isRetryable)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 403, 404, 410, 413, 460].map(isRetryable)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("retryDelay", () => {
  it("waits at least what Retry-After asks", () => {
    expect(retryDelay([0, 1000], 0, "5")).toBe(5000);
    expect(retryDelay([0, 8000], 1, "5")).toBe(8000);
  });

  it("keeps the planned delay without a usable Retry-After", () => {
    expect(retryDelay([0, 1000], 1, null)).toBe(1000);
    expect(retryDelay([0, 1000], 1, "soon")).toBe(1000);
    expect(retryDelay([0, 1000], 1, "-3")).toBe(1000);
    expect(retryDelay([], 4, null)).toBe(0);
  });
});
