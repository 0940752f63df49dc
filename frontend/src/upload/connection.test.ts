import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileOf } from "../../tests/fake-upload.js";
import { click, renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

const status = (element: Element) =>
  element.querySelector(".dlw-upload-item .dlw-upload-status")?.textContent;
const error = (element: Element) => element.querySelector<HTMLElement>(".dlw-upload-error");

describe("a lost connection", () => {
  it("shows a countdown to the transport's next attempt, never a failure", () => {
    const { element, platform, events } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    const task = platform.tasks[0];
    task?.progress(100);
    task?.retrying(4000);
    expect(element.items[0]?.state).toBe("retrying");
    expect(status(element)).toBe("Reconnecting · Waiting for the connection, retrying in 4 sec");
    expect(element.querySelector(".dlw-live")?.textContent).toBe("Waiting for the connection");
    expect(error(element)?.hidden).toBe(true);
    expect(events.map((event) => event.type)).not.toContain("dlw:upload-error");
    platform.tick(1000);
    expect(status(element)).toBe("Reconnecting · Waiting for the connection, retrying in 3 sec");
    expect(platform.timers).toBe(1);
    task?.retrying(8000); // that attempt failed too: a longer wait
    expect(status(element)).toContain("retrying in 8 sec");
    task?.progress(100); // a new attempt starts where the server was: not back yet
    expect(element.items[0]?.state).toBe("retrying");
    task?.progress(200); // bytes get through: the connection is back
    expect(element.items[0]?.state).toBe("uploading");
    expect(platform.timers).toBe(0);
    task?.succeed("tok");
    expect(element.items[0]?.state).toBe("complete");
  });

  it("waits for the browser to come back online, then carries on", () => {
    const { element, platform, events } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    const task = platform.tasks[0];
    platform.goOffline();
    expect(element.items[0]?.state).toBe("retrying");
    expect(status(element)).toBe("Reconnecting · Waiting for the connection");
    task?.fail(0, "", true); // the transport gave up for being offline
    expect(element.items[0]?.state).toBe("retrying");
    expect(error(element)?.hidden).toBe(true);
    expect(events.map((event) => event.type)).not.toContain("dlw:upload-error");
    expect(task?.starts).toBe(1);
    platform.goOnline();
    expect(task?.starts).toBe(2);
    expect(element.items[0]?.state).toBe("uploading");
  });

  it("keeps the form waiting, and can be paused or cancelled meanwhile", () => {
    const { element, platform } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    platform.tasks[0]?.retrying(1000);
    expect(element.busy).toBe(true);
    click(element, "pause");
    expect(element.items[0]?.state).toBe("paused");
    expect(platform.timers).toBe(0);
    click(element, "resume");
    click(element, "cancel");
    expect(element.items).toHaveLength(0);
  });

  it("fails visibly once the transport stops trying while online", () => {
    const { element, platform } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    platform.tasks[0]?.retrying(1000);
    platform.tasks[0]?.fail(0);
    expect(element.items[0]?.state).toBe("error");
    expect(error(element)?.textContent).toBe(
      "report.pdf could not be uploaded: the connection to the server was lost",
    );
  });
});
