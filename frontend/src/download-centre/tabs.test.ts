import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mount } from "../../tests/centre-fixture.js";
import {
  download,
  FakeChannels,
  fakePlatform,
  listResponse,
  settle,
} from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { DlwDownloadCentre } from "./element.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

describe("refresh and other tabs", () => {
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
});
