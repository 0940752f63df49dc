import { describe, expect, it } from "vitest";
import { download } from "../../tests/fake-platform.js";
import { type DetailsContext, detailsText, isWaitingForWorker, statusText } from "./details.js";
import { DEFAULT_STRINGS } from "./strings.js";

const now = Date.parse("2025-01-01T12:00:00");

function context(fields: Partial<DetailsContext> = {}): DetailsContext {
  return {
    now,
    lang: "en-GB",
    strings: DEFAULT_STRINGS,
    workerWait: 30_000,
    secondsLeft: null,
    ...fields,
  };
}

describe("statusText", () => {
  it("says a pending job waits for a worker once the wait is over", () => {
    const fresh = download("pending", { created: new Date(now - 29_000).toISOString() });
    const old = download("pending", { created: new Date(now - 30_000).toISOString() });
    expect(statusText(fresh, context())).toBe("Pending");
    expect(statusText(old, context())).toBe("Waiting for a worker");
    expect(isWaitingForWorker({ ...old, status: "running" }, now, 30_000)).toBe(false);
  });
});

describe("detailsText", () => {
  it("shows percentage and time left while running", () => {
    const job = download("running", { progress: 42 });
    expect(detailsText(job, context())).toBe("42%");
    expect(detailsText(job, context({ secondsLeft: 95 }))).toBe("42% · 2 mins left");
  });

  it("shows size, finish time and expiry once ready", () => {
    const ready = download("ready", {
      size: 1_234_567,
      finished: "2025-01-01T11:05:00",
      expires: "2025-01-02T11:05:00",
    });
    expect(detailsText(ready, context())).toBe(
      "1.2 MB · finished 11:05 · expires 2 Jan 2025, 11:05",
    );
  });

  it("shows only the finish time of a failed job, and nothing for a pending one", () => {
    const failed = download("failed", { finished: "2025-01-01T11:05:00", size: 10 });
    expect(detailsText(failed, context())).toBe("finished 11:05");
    expect(detailsText(download("pending"), context())).toBe("");
  });
});
