import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileOf } from "../../tests/fake-upload.js";
import { renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

/** A drag event as the browser sends it (jsdom has no DragEvent or DataTransfer). */
function drag(target: Element, type: string, types: string[], files: File[] = []): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, "dataTransfer", { value: { types, files } });
  target.dispatchEvent(event);
  return event;
}

describe("the drop zone", () => {
  it("highlights while files are dragged over it and uploads the dropped ones", () => {
    const { element, platform } = mount();
    const over = drag(element, "dragover", ["Files"]);
    expect(over.defaultPrevented).toBe(true);
    expect(element.hasAttribute("data-dragover")).toBe(true);
    const prompt = element.querySelector(".dlw-upload-prompt");
    expect(prompt?.textContent).toBe("Drop files here");
    drag(element, "dragleave", ["Files"]);
    expect(element.hasAttribute("data-dragover")).toBe(false);
    expect(prompt?.textContent).toBe("Drop a file here or choose one");
    drag(element, "dragover", ["Files"]);
    const drop = drag(element, "drop", ["Files"], [fileOf("report.pdf", 400)]);
    expect(drop.defaultPrevented).toBe(true); // the browser does not open the file
    expect(element.hasAttribute("data-dragover")).toBe(false);
    expect(platform.tasks.map((task) => task.options.file.name)).toEqual(["report.pdf"]);
  });

  it("ignores drags of anything but files", () => {
    const { element, platform } = mount();
    const over = drag(element, "dragover", ["text/plain"]);
    expect(over.defaultPrevented).toBe(false);
    expect(element.hasAttribute("data-dragover")).toBe(false);
    const drop = drag(element, "drop", ["text/plain", "text/uri-list"]);
    expect(drop.defaultPrevented).toBe(false);
    expect(platform.tasks).toHaveLength(0);
  });

  it("takes nothing while the input is disabled, yet keeps the browser from opening the file", () => {
    const { element, platform, input } = mount();
    input.disabled = true;
    const drop = drag(element, "drop", ["Files"], [fileOf("report.pdf", 400)]);
    expect(drop.defaultPrevented).toBe(true);
    expect(platform.tasks).toHaveLength(0);
  });

  it("keeps one file on a single field", () => {
    const { element, platform } = mount();
    drag(element, "drop", ["Files"], [fileOf("a.pdf", 10), fileOf("b.pdf", 10)]);
    expect(platform.tasks).toHaveLength(1);
    expect(element.items.map((item) => item.name)).toEqual(["a.pdf"]);
  });
});
