import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mount, q } from "../../tests/centre-fixture.js";
import { download, listResponse, settle } from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { DlwDownloadCentre } from "./element.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

describe("socket modes", () => {
  it("ws: the socket's snapshot and events drive the list, without polling", async () => {
    const { element, platform } = mount({ mode: "ws", version: null });
    const socket = platform.sockets.last;
    expect(socket.url).toBe("wss://example.test/ws/dlwidget/");
    const a = download("running", { progress: 10 });
    socket.accept(4, [a]);
    expect(element.state.version).toBe(4);
    socket.send({ type: "download", version: 5, download: { ...a, progress: 60 } });
    expect(q(element, "[role=progressbar]").getAttribute("aria-valuenow")).toBe("60");
    socket.send({ type: "download", version: 6, download: { ...a, status: "ready", url: "/f/" } });
    expect(q(element, ".dlw-live").textContent).toBe(`${a.name} is ready`);
    platform.fakeClock.advance(120_000);
    await settle();
    expect(platform.network.calls).toHaveLength(0);
  });

  it("ws: a version gap reconnects for a fresh snapshot", () => {
    const { element, platform } = mount({ mode: "ws" });
    const a = download("running");
    platform.sockets.last.accept(4, [a]);
    platform.sockets.last.send({ type: "removed", version: 7, key: a.key });
    expect(element.state.downloads).toEqual([]);
    expect(platform.sockets.opened).toHaveLength(2);
    expect(platform.sockets.opened[0]?.closedWith).toBe(1000);
    platform.sockets.last.accept(9, [download("ready")]);
    expect(element.state.version).toBe(9);
    expect(element.state.downloads).toHaveLength(1);
  });

  it("auto: polls when the socket cannot connect", async () => {
    const { element, platform } = mount({ mode: "auto" });
    const a = download("ready");
    platform.network.respond = () => listResponse(3, [a]);
    platform.sockets.last.drop(1006);
    platform.fakeClock.advance(1000);
    platform.sockets.last.drop(1006);
    await settle();
    expect(platform.network.calls[0]?.url).toBe("/dlwidget/downloads/");
    expect(element.state.downloads.map((d) => d.key)).toEqual([a.key]);
  });

  // 4503: no channel layer; 4403: a foreign Origin; 4429: too many sockets.
  it.each([4503, 4403, 4429])("ws: polls instead when the server refuses with %i", async (code) => {
    const { element, platform } = mount({ mode: "ws" });
    const a = download("running");
    platform.network.respond = () => listResponse(3, [a]);
    platform.sockets.last.drop(code);
    await settle();
    expect(platform.network.calls[0]?.url).toBe("/dlwidget/downloads/");
    expect(element.state.downloads.map((d) => d.key)).toEqual([a.key]);
    platform.fakeClock.advance(600_000);
    expect(platform.sockets.opened).toHaveLength(1);
    element.remove();
    const calls = platform.network.calls.length;
    platform.fakeClock.advance(600_000);
    await settle();
    expect(platform.network.calls.length).toBe(calls); // removing the element stops the polling
  });

  it("ws: a socket refused for want of a login neither retries nor polls", async () => {
    const { platform } = mount({ mode: "ws" });
    platform.sockets.last.drop(4401);
    platform.fakeClock.advance(600_000);
    await settle();
    expect(platform.sockets.opened).toHaveLength(1);
    expect(platform.network.calls).toHaveLength(0);
  });

  it("auto: polls at once when the server has no channel layer (4503)", async () => {
    const { element, platform } = mount({ mode: "auto" });
    const a = download("ready");
    platform.network.respond = () => listResponse(3, [a]);
    platform.sockets.last.drop(4503);
    await settle();
    expect(platform.network.calls).toHaveLength(1);
    expect(element.state.downloads.map((d) => d.key)).toEqual([a.key]);
  });

  it("closes the socket when removed", () => {
    const { element, platform } = mount({ mode: "ws" });
    platform.sockets.last.accept(1);
    element.remove();
    expect(platform.sockets.last.closedWith).toBe(1000);
  });
});
