import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileOf } from "../../tests/fake-upload.js";
import { renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

const total = (element: Element) => element.querySelector<HTMLElement>(".dlw-upload-total");

describe("total progress", () => {
  it("sums the files of a multiple field", () => {
    const { element, platform } = mount({ multiple: true });
    element.addFiles([fileOf("a.pdf", 300), fileOf("b.pdf", 100)]);
    const box = total(element);
    expect(box?.hidden).toBe(false);
    const bar = box?.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute("aria-label")).toBe("Total upload progress");
    platform.tasks[0]?.progress(150);
    expect(bar?.getAttribute("aria-valuenow")).toBe("37");
    expect(box?.textContent).toBe("Files uploaded: 0 of 2 · 150 byte of 400 byte");
    platform.tasks[1]?.succeed("tok-b");
    expect(box?.textContent).toBe("Files uploaded: 1 of 2 · 250 byte of 400 byte");
    expect(bar?.getAttribute("aria-valuenow")).toBe("62");
  });

  it("leaves out refused files and is not shown for one file", () => {
    const { element } = mount({ multiple: true });
    element.addFiles([fileOf("a.pdf", 300), fileOf("huge.pdf", 5000)]);
    expect(total(element)?.hidden).toBe(true); // one file will go: its own bar says it all
    element.addFiles([fileOf("c.pdf", 100)]);
    expect(total(element)?.textContent).toBe("Files uploaded: 0 of 2 · 0 byte of 400 byte");
  });

  it("does not exist on a single field", () => {
    const { element } = mount();
    element.addFiles([fileOf("a.pdf", 300)]);
    expect(total(element)).toBeNull();
  });
});
