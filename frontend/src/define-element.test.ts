import { describe, expect, it } from "vitest";
import { defineElement } from "./define-element.js";
import { DlwDownloadCentre } from "./download-centre/element.js";
import { DlwUpload } from "./upload/element.js";

describe("defineElement", () => {
  it("registers each element once and tolerates a second bundle", () => {
    defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
    defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
    defineElement(DlwUpload.tagName, DlwUpload);
    expect(customElements.get("dlw-download-centre")).toBe(DlwDownloadCentre);
    expect(customElements.get("dlw-upload")).toBe(DlwUpload);
  });

  it("upgrades elements in the document", () => {
    defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
    document.body.innerHTML = "<dlw-download-centre></dlw-download-centre>";
    const el = document.querySelector("dlw-download-centre");
    expect(el).toBeInstanceOf(DlwDownloadCentre);
    expect(el?.hasAttribute("data-dlw-connected")).toBe(true);
    el?.remove();
    expect(el?.hasAttribute("data-dlw-connected")).toBe(false);
  });
});
