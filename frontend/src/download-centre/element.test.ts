import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mount, q, SKELETON } from "../../tests/centre-fixture.js";
import { download, fakePlatform } from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { DlwDownloadCentre } from "./element.js";
import type { Download } from "./types.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

describe("rendering", () => {
  it("renders every status from the embedded list", () => {
    const running = download("running", { progress: 42, name: "users.csv" });
    const pending = download("pending");
    const ready = download("ready");
    const failed = download("failed", { error: "Disk full" });
    const cancelled = download("cancelled", { created: "2025-01-01T11:55:00.000Z" });
    const { element } = mount({ downloads: [running, pending, ready, failed, cancelled] });

    const items = [...element.querySelectorAll<HTMLElement>(".dlw-item")];
    expect(items.map((i) => i.dataset.status)).toEqual([
      "cancelled",
      "failed",
      "ready",
      "pending",
      "running",
    ]);
    const byKey = (d: Download) => q(element, `[data-key="${d.key}"]`);

    const bar = q(byKey(running), "[role=progressbar]");
    expect(bar.getAttribute("aria-valuenow")).toBe("42");
    expect(bar.getAttribute("aria-valuemin")).toBe("0");
    expect(bar.getAttribute("aria-valuemax")).toBe("100");
    expect(bar.getAttribute("aria-label")).toBe("Progress of users.csv");
    expect(q(bar, ".dlw-bar").style.width).toBe("42%");
    expect(q(byKey(running), ".dlw-status").textContent).toBe("Running");
    expect(q(byKey(running), ".dlw-cancel").getAttribute("aria-label")).toBe("Cancel users.csv");
    expect(byKey(running).querySelector(".dlw-clear")).toBeNull();

    // Created an hour before the clock's now: no worker has picked it up.
    expect(q(byKey(pending), ".dlw-status").textContent).toBe("Waiting for a worker");
    expect(byKey(pending).querySelector(".dlw-cancel")).not.toBeNull();

    const link = q<HTMLAnchorElement>(byKey(ready), "a.dlw-link");
    expect(link.getAttribute("href")).toBe(ready.url);
    expect(link.getAttribute("download")).toBe(ready.filename);
    expect(byKey(ready).querySelector("[role=progressbar]")).toBeNull();
    expect(byKey(ready).querySelector(".dlw-clear")).not.toBeNull();

    expect(q(byKey(failed), ".dlw-error").textContent).toBe("Disk full");
    expect(byKey(failed).querySelector(".dlw-link")).toBeNull();
    expect(byKey(cancelled).querySelector(".dlw-clear")).not.toBeNull();
    expect(byKey(cancelled).querySelector(".dlw-cancel")).toBeNull();

    expect(q(element, "time").getAttribute("datetime")).toBe(cancelled.created);
    expect(q(element, "time").textContent).toBe("5 minutes ago");
    expect(q(element, ".dlw-empty").hidden).toBe(true);
  });

  it("shows the empty state", () => {
    const { element } = mount();
    expect(q(element, ".dlw-empty").hidden).toBe(false);
    expect(q(element, ".dlw-list").hidden).toBe(true);
    expect(q(element, ".dlw-badge").hidden).toBe(true);
  });

  it("adds the classes of DLWIDGET['CSS_CLASSES'] per role", () => {
    const { element } = mount({
      downloads: [download("running"), download("ready")],
      classes: { item: "list-group-item", bar: "progress-bar", link: "btn btn-primary", nope: "x" },
    });
    expect(q(element, ".dlw-item").className).toBe("dlw-item list-group-item");
    expect(q(element, ".dlw-bar").className).toBe("dlw-bar progress-bar");
    expect(q(element, ".dlw-link").className).toBe("dlw-link btn btn-primary");
    expect(q(element, ".dlw-name").className).toBe("dlw-name");
  });

  it("does nothing without the tag's attributes", () => {
    const element = document.createElement("dlw-download-centre");
    element.platform = fakePlatform();
    document.body.append(element);
    expect(element.hasAttribute("data-dlw-connected")).toBe(true);
    expect(element.children).toHaveLength(0);
  });
});

describe("server-rendered items", () => {
  // A project's copy of download_centre_item.html, with an extra element and attribute of its own.
  const overridden = (d: Download) => `
    <li class="dlw-item" data-key="${d.key}" data-status="${d.status}" data-project="kept">
      <span class="dlw-name">${d.name}</span> <span class="my-size">12 MB</span>
      <time class="dlw-time" datetime="${d.created}">1 minute ago</time>
      <span class="dlw-status">Running</span>
      <div class="dlw-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${d.progress}" aria-label="Progress of ${d.name}"><div class="dlw-bar"></div></div>
      <div class="dlw-actions"><button type="button" class="dlw-cancel my-button" data-action="cancel" aria-label="Cancel ${d.name}">Cancel</button></div>
    </li>`;

  it("keeps an overridden item, and its DOM nodes, across connect and every later event", () => {
    const a = download("running", { progress: 40, name: "users.csv" });
    const html = SKELETON.replace(
      '<ul class="dlw-list"></ul>',
      `<ul class="dlw-list">${overridden(a)}</ul>`,
    );
    const { element } = mount({ downloads: [a], html });
    const item = q(element, `[data-key="${a.key}"]`);
    const bar = q(item, ".dlw-bar");
    const cancel = q(item, ".dlw-cancel");
    expect(item.dataset.project).toBe("kept");
    expect(q(item, ".my-size").textContent).toBe("12 MB");
    expect(bar.style.width).toBe("40%"); // the server cannot set it under a strict CSP

    element.apply({ type: "download", version: 2, download: { ...a, progress: 70 } });
    expect(q(element, `[data-key="${a.key}"]`)).toBe(item);
    expect(q(item, ".dlw-bar")).toBe(bar); // the same bar: its width transition can run
    expect(bar.style.width).toBe("70%");
    expect(q(item, "[role=progressbar]").getAttribute("aria-valuenow")).toBe("70");
    expect(q(item, ".my-size").textContent).toBe("12 MB");

    element.apply({
      type: "download",
      version: 3,
      download: { ...a, status: "ready", url: "/f/" },
    });
    expect(q(element, `[data-key="${a.key}"]`)).toBe(item);
    expect(item.dataset.status).toBe("ready");
    expect(q(item, ".dlw-status").textContent).toBe("Ready");
    expect(item.querySelector("[role=progressbar]")).toBeNull();
    expect(q<HTMLAnchorElement>(item, "a.dlw-link").getAttribute("href")).toBe("/f/");
    expect(q(item, "[data-action=clear]")).toBe(cancel); // Cancel became Clear in place
    expect(cancel.className).toBe("my-button dlw-clear");
    expect(item.dataset.project).toBe("kept");
    expect(q(item, ".my-size").textContent).toBe("12 MB");
  });

  it("inserts new items in order and removes cleared ones, leaving the others alone", () => {
    const old = download("ready");
    const html = SKELETON.replace(
      '<ul class="dlw-list"></ul>',
      `<ul class="dlw-list">${overridden(old)}</ul>`,
    );
    const { element } = mount({ downloads: [old], html });
    const kept = q(element, `[data-key="${old.key}"]`);
    const newer = download("running");
    element.apply({ type: "download", version: 2, download: newer });
    const keys = () =>
      [...element.querySelectorAll<HTMLElement>(".dlw-item")].map((i) => i.dataset.key);
    expect(keys()).toEqual([newer.key, old.key]);
    expect(q(element, `[data-key="${old.key}"]`)).toBe(kept);
    element.apply({ type: "removed", version: 3, key: newer.key });
    expect(keys()).toEqual([old.key]);
    expect(q(element, `[data-key="${old.key}"]`)).toBe(kept);
  });
});

describe("badge and seen", () => {
  it("counts active and unseen ready downloads; opening marks them seen", () => {
    const ready = download("ready");
    const platform = fakePlatform();
    const { element } = mount({ downloads: [download("running"), ready], platform });
    const badge = q(element, ".dlw-badge");
    expect(badge.textContent).toBe("2");
    expect(badge.hidden).toBe(false);
    q(element, ".dlw-toggle").click();
    expect(badge.textContent).toBe("1");
    expect(JSON.parse(platform.store.getItem("dlwidget:seen:u1") ?? "[]")).toEqual([ready.key]);

    element.remove();
    const again = mount({ downloads: [download("running"), ready], platform });
    expect(q(again.element, ".dlw-badge").textContent).toBe("1");
  });
});

describe("events and announcements", () => {
  it("fires dlw:download-ready / -failed on transitions, not for the initial list", () => {
    const a = download("running", { name: "users.csv" });
    const b = download("running", { name: "orders.csv" });
    const already = download("ready");
    const fired: [string, string][] = [];
    document.addEventListener("dlw:download-ready", (e) => fired.push(["ready", e.detail.key]));
    document.addEventListener("dlw:download-failed", (e) => fired.push(["failed", e.detail.key]));
    const { element } = mount({ downloads: [a, b, already] });
    expect(fired).toEqual([]);
    element.apply({
      type: "snapshot",
      version: 2,
      downloads: [{ ...a, status: "ready" }, { ...b, status: "failed" }, already],
    });
    expect(fired).toEqual([
      ["failed", b.key],
      ["ready", a.key],
    ]);
    expect(q(element, ".dlw-live").textContent).toBe("orders.csv failed. users.csv is ready");
  });

  it("re-syncs after a version gap", async () => {
    const a = download("running");
    const { element, platform } = mount({ downloads: [a], version: 3 });
    element.apply({ type: "download", version: 6, download: { ...a, progress: 90 } });
    expect(platform.network.calls).toHaveLength(1);
  });

  it("notifies while hidden when data-notify is set", () => {
    const a = download("running", { name: "users.csv" });
    const { element, platform } = mount({ downloads: [a], notify: true });
    platform.fakeVisibility.hidden = true;
    element.apply({ type: "download", version: 2, download: { ...a, status: "ready" } });
    expect(platform.notifications).toEqual(["users.csv is ready"]);
  });
});

describe("tear-down", () => {
  it("tears everything down when removed", () => {
    const { element, platform } = mount({ downloads: [download("running")] });
    expect(platform.fakeClock.timers.length).toBeGreaterThan(0);
    element.remove();
    expect(platform.fakeClock.timers).toHaveLength(0);
    expect(platform.channels.open).toHaveLength(0);
    document.dispatchEvent(new Event("dlw:refresh"));
    expect(platform.network.calls).toHaveLength(0);
  });
});
