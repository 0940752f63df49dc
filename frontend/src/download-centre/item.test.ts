import { describe, expect, it } from "vitest";
import { download } from "../../tests/fake-platform.js";
import { createItem, type RenderOptions, updateItem } from "./item.js";
import { DEFAULT_STRINGS } from "./strings.js";

const OPTIONS: RenderOptions = {
  classes: {},
  strings: DEFAULT_STRINGS,
  now: Date.parse("2025-01-01T12:00:00Z"),
  lang: "en",
  workerWait: 30_000,
  rates: null,
  duplicates: new Set(),
};

const roles = (item: Element) =>
  [...item.querySelectorAll("[class^=dlw-]")].map((n) => n.getAttribute("class"));

describe("createItem", () => {
  it("builds the markup download_centre_item.html renders", () => {
    const item = createItem(download("running", { progress: 40.4 }), OPTIONS);
    expect(roles(item)).toEqual([
      "dlw-icon",
      "dlw-name",
      "dlw-time",
      "dlw-status",
      "dlw-meta",
      "dlw-progress",
      "dlw-bar",
      "dlw-actions",
      "dlw-cancel",
    ]);
    const progress = item.querySelector("[role=progressbar]");
    expect(progress?.getAttribute("aria-valuenow")).toBe("40");
    expect(progress?.getAttribute("aria-valuemin")).toBe("0");
    expect(progress?.getAttribute("aria-valuemax")).toBe("100");
    expect(item.querySelector<HTMLButtonElement>(".dlw-cancel")?.type).toBe("button");
  });
});

describe("updateItem", () => {
  it("puts parts the server did not render where the template would have", () => {
    const pending = download("pending");
    const item = createItem(pending, OPTIONS);
    updateItem(item, { ...pending, status: "failed", error: "Disk full" }, OPTIONS);
    expect(roles(item)).toEqual([
      "dlw-icon",
      "dlw-name",
      "dlw-time",
      "dlw-status",
      "dlw-meta",
      "dlw-error",
      "dlw-actions",
      "dlw-clear",
    ]);
    expect(item.querySelector(".dlw-error")?.textContent).toBe("Disk full");
    updateItem(item, { ...pending, status: "failed", error: "" }, OPTIONS);
    expect(item.querySelector(".dlw-error")).toBeNull();
  });

  it("writes nothing when nothing changed", async () => {
    const running = download("running");
    const item = createItem(running, OPTIONS);
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((batch) => records.push(...batch));
    observer.observe(item, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    updateItem(item, { ...running }, OPTIONS);
    await Promise.resolve();
    expect(observer.takeRecords().concat(records)).toEqual([]);
    updateItem(item, { ...running, progress: 41 }, OPTIONS);
    const changed = observer.takeRecords();
    expect(changed.filter((r) => r.type === "attributes").map((r) => r.attributeName)).toEqual([
      "aria-valuenow",
      "style",
    ]);
    expect(item.querySelector(".dlw-meta")?.textContent).toBe("41%");
    observer.disconnect();
  });

  it("turns Cancel into Clear on the same button, with the mapped classes", () => {
    const options = { ...OPTIONS, classes: { cancel: "btn btn-warning", clear: "btn btn-link" } };
    const running = download("running", { name: "users.csv" });
    const item = createItem(running, options);
    const button = item.querySelector<HTMLButtonElement>("button");
    updateItem(item, { ...running, status: "ready", url: "/f/" }, options);
    expect(item.querySelector("[data-action=clear]")).toBe(button);
    expect(button?.className).toBe("dlw-clear btn btn-link");
    expect(button?.getAttribute("aria-label")).toBe("Clear users.csv");
    expect(button?.textContent).toBe("Clear");
    const link = item.querySelector("a.dlw-link");
    expect(link?.nextElementSibling).toBe(button);
    expect(link?.getAttribute("aria-label")).toBe("Download users.csv");
  });
});

describe("details", () => {
  it("shows the status icon, the details line and a description", () => {
    const job = download("running", { progress: 40, description: "Orders of March" });
    const item = createItem(job, OPTIONS);
    expect(item.querySelector(".dlw-icon")?.getAttribute("data-icon")).toBe("running");
    expect(item.querySelector(".dlw-meta")?.textContent).toBe("40%");
    expect(item.querySelector(".dlw-description")?.textContent).toBe("Orders of March");
    updateItem(item, { ...job, status: "ready", size: 2_000_000, description: "" }, OPTIONS);
    expect(item.querySelector(".dlw-icon")?.getAttribute("data-icon")).toBe("ready");
    expect(item.querySelector(".dlw-meta")?.textContent).toBe("2 MB");
    expect(item.querySelector(".dlw-description")).toBeNull();
  });

  it("hides an empty details line and says when a pending job waits for a worker", () => {
    const job = download("pending", { created: "2025-01-01T11:59:00Z" });
    const item = createItem(job, OPTIONS);
    expect(item.querySelector<HTMLElement>(".dlw-meta")?.hidden).toBe(true);
    expect(item.querySelector(".dlw-status")?.textContent).toBe("Waiting for a worker");
  });

  it("tells same-named items apart by their start time", () => {
    const job = download("ready", { name: "Orders", created: "2025-01-01T11:58:07Z" });
    const item = createItem(job, { ...OPTIONS, duplicates: new Set(["Orders"]) });
    const time = item.querySelector(".dlw-time");
    expect(time?.textContent).toMatch(/^2 minutes ago, started \d\d?:58:07/);
    updateItem(item, job, OPTIONS);
    expect(time?.textContent).toBe("2 minutes ago");
    expect(time?.getAttribute("title")).toMatch(/^started /);
  });
});
