import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileOf } from "../../tests/fake-upload.js";
import { renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";
import { accepts } from "./limits.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

describe("client-side limits", () => {
  it("refuses files over the size limit or of another type before sending a byte", () => {
    const { element, platform, events } = mount({ multiple: true });
    element.addFiles([fileOf("big.pdf", 5000), fileOf("notes.txt", 10, "text/plain")]);
    expect(platform.tasks).toHaveLength(0);
    expect(events.map((e) => e.detail.message)).toEqual([
      "big.pdf is larger than the 1 kB allowed.",
      "notes.txt is not an accepted type of file.",
    ]);
    expect(element.querySelector('[data-action="retry"]')).toBeNull();
  });

  it.each([
    ["", "any.bin", "", true],
    ["application/pdf,.csv", "a.pdf", "application/pdf", true],
    ["application/pdf,.csv", "data.CSV", "text/csv", true],
    ["application/pdf,.csv", "notes.txt", "text/plain", false],
    ["image/*", "pixel.png", "image/png", true],
    ["image/*", "clip.mp4", "video/mp4", false],
    ["image/*", "unknown", "", true], // the browser does not know: the server decides
  ])("accept %j with %s (%s): %s", (accept, name, type, expected) => {
    expect(accepts(accept, fileOf(name, 1, type))).toBe(expected);
  });
});
