import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mount, q } from "../../tests/centre-fixture.js";
import { download, settle } from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { DlwDownloadCentre } from "./element.js";
import { adoptParts, toggleButton } from "./parts.js";
import { DEFAULT_STRINGS } from "./strings.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

describe("the toggle without and with JavaScript", () => {
  it("turns the server's link to the page into a button with the same classes and content", () => {
    const { element } = mount({ classes: { toggle: "btn btn-light" } });
    const toggle = q(element, ".dlw-toggle");
    expect(toggle).toBeInstanceOf(HTMLButtonElement);
    expect(toggle.hasAttribute("href")).toBe(false);
    expect(toggle.getAttribute("type")).toBe("button");
    expect(toggle.getAttribute("aria-controls")).toBe("dlw-menu-1");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(toggle.querySelector("svg.dlw-icon")).not.toBeNull();
    expect(toggle.textContent).toContain("Downloads");
    expect(element.querySelector("a.dlw-all")?.getAttribute("href")).toBe(
      "/dlwidget/downloads/all/",
    );
  });

  it("leaves a toggle that already is a button alone", () => {
    const button = document.createElement("button");
    expect(toggleButton(button)).toBe(button);
  });

  it("builds the header and the page link when there is no server markup", () => {
    const root = document.createElement("div");
    const parts = adoptParts(root, {}, DEFAULT_STRINGS, "/all/");
    expect(parts.clearFinished?.dataset.action).toBe("clear-finished");
    expect(root.querySelector(".dlw-title")?.textContent).toBe("Downloads");
    expect(root.querySelector<HTMLAnchorElement>(".dlw-all")?.getAttribute("href")).toBe("/all/");
    expect(parts.menu.getAttribute("aria-labelledby")).toBe(root.querySelector(".dlw-title")?.id);
  });
});

describe("Clear finished", () => {
  it("shows only while something finished is in the list", () => {
    const running = download("running");
    const { element } = mount({ downloads: [running] });
    const button = q(element, ".dlw-clear-finished");
    expect(button.hidden).toBe(true);
    element.apply({ type: "download", version: 2, download: { ...running, status: "ready" } });
    expect(button.hidden).toBe(false);
  });

  it("clears every finished download with one DELETE each, then refreshes", async () => {
    const ready = download("ready");
    const failed = download("failed");
    const running = download("running");
    const { element, platform } = mount({ downloads: [ready, failed, running] });
    platform.network.respond = (call) =>
      new Response(null, { status: call.init.method === "DELETE" ? 204 : 304 });
    q(element, ".dlw-clear-finished").click();
    await settle();
    const deletes = platform.network.calls.filter((c) => c.init.method === "DELETE");
    expect(deletes.map((c) => c.url).sort()).toEqual(
      [`/dlwidget/downloads/${ready.key}/`, `/dlwidget/downloads/${failed.key}/`].sort(),
    );
    expect(new Headers(deletes[0]?.init.headers).get("X-CSRFToken")).toBe("token-123");
    expect(platform.network.calls.some((c) => c.url === "/dlwidget/downloads/")).toBe(true);
  });

  it("says so when a request failed", async () => {
    const { element, platform } = mount({ downloads: [download("ready")] });
    platform.network.respond = (call) =>
      new Response(null, { status: call.init.method === "DELETE" ? 500 : 304 });
    q(element, ".dlw-clear-finished").click();
    await settle();
    expect(q(element, ".dlw-live").textContent).toContain("Clear finished");
  });
});
