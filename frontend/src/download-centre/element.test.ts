import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  download,
  FakeChannels,
  type FakePlatform,
  fakePlatform,
  listResponse,
  settle,
} from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { KEY_PLACEHOLDER } from "./config.js";
import { DlwDownloadCentre } from "./element.js";
import type { Download } from "./types.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

const SKELETON = `
  <button type="button" class="dlw-toggle" aria-expanded="false" aria-controls="dlw-menu-1">Downloads <span class="dlw-badge" hidden>0</span></button>
  <div class="dlw-menu" id="dlw-menu-1" hidden><ul class="dlw-list"></ul><p class="dlw-empty">No downloads yet.</p></div>
  <div class="dlw-live" role="status" aria-live="polite"></div>`;

interface MountOptions {
  downloads?: Download[];
  version?: number | null;
  classes?: Record<string, string>;
  notify?: boolean;
  platform?: FakePlatform;
}

function mount(options: MountOptions = {}): { element: DlwDownloadCentre; platform: FakePlatform } {
  const platform = options.platform ?? fakePlatform();
  const element = document.createElement("dlw-download-centre");
  Object.assign(element.dataset, {
    url: "/dlwidget/downloads/",
    detailUrl: `/dlwidget/downloads/${KEY_PLACEHOLDER}/`,
    cancelUrl: `/dlwidget/downloads/${KEY_PLACEHOLDER}/cancel/`,
    mode: "poll",
    pollInterval: "5000",
    csrfToken: "token-123",
    user: "u1",
    lang: "en",
    classes: JSON.stringify(options.classes ?? {}),
  });
  if (options.notify) {
    element.dataset.notify = "";
  }
  const snapshot = document.createElement("script");
  snapshot.type = "application/json";
  snapshot.textContent = JSON.stringify({
    version: options.version === undefined ? 1 : options.version,
    downloads: options.downloads ?? [],
  });
  element.innerHTML = SKELETON;
  element.append(snapshot);
  element.platform = platform;
  document.body.append(element);
  return { element, platform };
}

const q = <T extends Element = HTMLElement>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) {
    throw new Error(`no ${selector}`);
  }
  return found;
};

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

    expect(q(byKey(pending), ".dlw-status").textContent).toBe("Pending");
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

describe("keyboard and focus", () => {
  it("opens with the toggle, closes with Escape and returns focus", () => {
    const { element } = mount({ downloads: [download("ready")] });
    const toggle = q<HTMLButtonElement>(element, ".dlw-toggle");
    const menu = q(element, ".dlw-menu");
    toggle.focus();
    toggle.click();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(menu.hidden).toBe(false);
    const clear = q<HTMLButtonElement>(element, ".dlw-clear");
    clear.focus();
    clear.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(menu.hidden).toBe(true);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);
  });

  it("closes on a click outside without stealing focus", () => {
    const { element } = mount();
    q(element, ".dlw-toggle").click();
    document.body.click();
    expect(element.open).toBe(false);
  });

  it("keeps focus on the same control across re-renders", async () => {
    const a = download("running");
    const { element, platform } = mount({ downloads: [a] });
    q(element, ".dlw-toggle").click();
    q<HTMLButtonElement>(element, ".dlw-cancel").focus();
    element.apply({ type: "download", version: 2, download: { ...a, progress: 80 } });
    expect(document.activeElement).toBe(q(element, ".dlw-cancel"));
    expect(q(element, "[role=progressbar]").getAttribute("aria-valuenow")).toBe("80");
    // The job finishes: Cancel is gone, focus moves to the item's next control.
    element.apply({ type: "download", version: 3, download: { ...a, status: "cancelled" } });
    expect(document.activeElement).toBe(q(element, ".dlw-clear"));
    element.apply({ type: "removed", version: 4, key: a.key });
    expect(document.activeElement).toBe(q(element, ".dlw-toggle"));
    await settle();
    expect(platform.network.calls).toHaveLength(0);
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
    expect(element.state.resync).toBe(false);
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

describe("refresh, other tabs and actions", () => {
  it("dlw:refresh fetches now and tells the other tabs, which fetch too", async () => {
    const channels = new FakeChannels();
    const first = mount({ platform: fakePlatform(channels) });
    const second = mount({ platform: fakePlatform(channels) });
    const ready = download("ready");
    first.platform.network.respond = () => listResponse(2, [ready]);
    second.platform.network.respond = () => listResponse(2, [ready]);
    document.dispatchEvent(new Event("dlw:refresh"));
    // Both elements are in this document, so both hear the event; the posts reach the other one.
    expect(channels.posted).toContainEqual({ type: "refresh", user: "u1" });
    expect(first.platform.network.calls).toHaveLength(1);
    expect(second.platform.network.calls).toHaveLength(1);
    await settle();
    expect(first.element.state.downloads).toEqual([ready]);
  });

  it("a message from another tab refreshes; another user's is ignored", () => {
    const channels = new FakeChannels();
    const { platform } = mount({ platform: fakePlatform(channels) });
    const other = channels.create("dlwidget");
    other.postMessage({ type: "refresh", user: "someone-else" });
    expect(platform.network.calls).toHaveLength(0);
    other.postMessage({ type: "refresh", user: "u1" });
    expect(platform.network.calls).toHaveLength(1);
  });

  it("Cancel posts with the CSRF token, Clear deletes, then the list refreshes", async () => {
    const running = download("running");
    const ready = download("ready");
    const { element, platform } = mount({ downloads: [running, ready] });
    platform.network.respond = (call) =>
      call.url.endsWith("/downloads/")
        ? listResponse(2, [ready])
        : new Response(null, { status: 202 });
    q(element, ".dlw-toggle").click();
    q(element, ".dlw-cancel").click();
    q(element, ".dlw-clear").click();
    await settle();
    const [cancel, clear] = platform.network.calls;
    expect(cancel?.url).toBe(`/dlwidget/downloads/${running.key}/cancel/`);
    expect(cancel?.init.method).toBe("POST");
    expect(cancel?.init.headers).toMatchObject({ "X-CSRFToken": "token-123" });
    expect(cancel?.init.credentials).toBe("same-origin");
    expect(clear?.url).toBe(`/dlwidget/downloads/${ready.key}/`);
    expect(clear?.init.method).toBe("DELETE");
    expect(platform.network.calls.some((c) => c.url === "/dlwidget/downloads/")).toBe(true);
    expect(element.state.version).toBe(2);
  });

  it("announces a failed action", async () => {
    const running = download("running", { name: "users.csv" });
    const { element, platform } = mount({ downloads: [running] });
    platform.network.respond = () => new Response("{}", { status: 403 });
    q(element, ".dlw-cancel").click();
    await settle();
    expect(q(element, ".dlw-live").textContent).toBe("users.csv: the request failed, try again");
  });

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
