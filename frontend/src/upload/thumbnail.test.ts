import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileOf } from "../../tests/fake-upload.js";
import { click, renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";
import { canPreview, MAX_THUMBNAIL_BYTES } from "./thumbnail.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

const thumbs = (element: Element) =>
  Array.from(element.querySelectorAll<HTMLImageElement>("img.dlw-upload-thumb"));

describe("image previews", () => {
  it("are drawn for images the browser decodes, from an object URL, with an empty alt", () => {
    const { element, platform } = mount({ multiple: true });
    element.addFiles([fileOf("cat.png", 10, "image/png"), fileOf("notes.pdf", 10)]);
    const [image, ...others] = thumbs(element);
    expect(others).toHaveLength(0);
    expect(image?.getAttribute("src")).toBe("blob:fake/1-cat.png");
    expect(image?.alt).toBe("");
    expect(image?.closest(".dlw-upload-item")?.textContent).toContain("cat.png");
    expect(platform.urlsMade).toEqual(["blob:fake/1-cat.png"]);
  });

  it("revoke their URL when the item goes, and when the element is removed", async () => {
    const { element, platform, form } = mount({ multiple: true });
    element.addFiles([fileOf("a.png", 10, "image/png"), fileOf("b.jpg", 10, "image/jpeg")]);
    platform.tasks[0]?.succeed("tok-a");
    click(element, "remove");
    expect(platform.urlsRevoked).toEqual(["blob:fake/1-a.png"]);
    form.remove();
    await Promise.resolve();
    expect(platform.urlsRevoked).toEqual(["blob:fake/1-a.png", "blob:fake/2-b.jpg"]);
  });

  it("leave no broken image when the browser cannot decode the file after all", () => {
    const { element, platform } = mount({ multiple: true });
    element.addFiles([fileOf("fake.png", 10, "image/png")]);
    thumbs(element)[0]?.dispatchEvent(new Event("error"));
    expect(thumbs(element)).toHaveLength(0);
    expect(platform.urlsRevoked).toEqual(platform.urlsMade);
  });

  it("are off with data-thumbnails=false", () => {
    const { element, platform } = mount({ multiple: true, noThumbnails: true });
    element.addFiles([fileOf("cat.png", 10, "image/png")]);
    expect(thumbs(element)).toHaveLength(0);
    expect(platform.urlsMade).toEqual([]);
  });

  it("are only for decodable types of a sensible size", () => {
    expect(canPreview(fileOf("a.webp", 10, "image/webp"))).toBe(true);
    expect(canPreview(fileOf("a.heic", 10, "image/heic"))).toBe(false);
    expect(canPreview(fileOf("a.tiff", 10, "image/tiff"))).toBe(false);
    expect(canPreview(fileOf("empty.png", 0, "image/png"))).toBe(false);
    const huge = fileOf("huge.png", 1, "image/png");
    Object.defineProperty(huge, "size", { value: MAX_THUMBNAIL_BYTES + 1 });
    expect(canPreview(huge)).toBe(false);
  });
});
