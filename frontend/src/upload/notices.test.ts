import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeUploadPlatform, fileOf } from "../../tests/fake-upload.js";
import { click, renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";
import { parseRefused } from "./pending.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

const notice = (element: Element) => element.querySelector<HTMLElement>(".dlw-upload-notice");

describe("notices", () => {
  it("take the resume hint down once the file was chosen again", async () => {
    const platform = fakeUploadPlatform();
    platform.resumable = ["movie.mp4", "notes.pdf"];
    const element = document.createElement("dlw-upload") as DlwUpload;
    element.platform = platform;
    element.innerHTML = `<input type="file" name="f" multiple>`;
    document.body.append(element);
    await Promise.resolve();
    await Promise.resolve();
    expect(notice(element)?.textContent).toBe(
      "Choose movie.mp4, notes.pdf again to resume its upload.",
    );
    element.addFiles([fileOf("movie.mp4", 10)]);
    expect(notice(element)?.textContent).toBe("Choose notes.pdf again to resume its upload.");
    element.addFiles([fileOf("notes.pdf", 10)]);
    platform.tasks[0]?.succeed("a");
    expect(notice(element)?.hidden).toBe(true);
  });

  it("take the form's blocking notice down once the failed upload is dealt with", () => {
    const { element, platform, form } = mount();
    vi.spyOn(form, "requestSubmit").mockImplementation(() => {});
    element.addFiles([fileOf("report.pdf", 400)]);
    platform.tasks[0]?.fail(500);
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(notice(element)?.textContent).toContain("An upload failed");
    click(element, "retry");
    expect(notice(element)?.hidden).toBe(true);
  });
});

describe("an upload the form refused", () => {
  it("shows as an error with the form's message, never as uploaded", () => {
    const { element, token, input } = mount({
      refused: [
        { name: "report.pdf", error: "This kind of file (application/pdf) is not accepted here." },
      ],
    });
    const [item] = element.items;
    expect(item?.state).toBe("error");
    const row = element.querySelector(".dlw-upload-item");
    expect(row?.querySelector(".dlw-upload-name")?.textContent).toBe("report.pdf");
    expect(row?.querySelector(".dlw-upload-error")?.textContent).toBe(
      "This kind of file (application/pdf) is not accepted here.",
    );
    expect(row?.querySelector(".dlw-upload-status")?.textContent).toBe("Failed");
    expect([...(row?.querySelectorAll("button") ?? [])].map((b) => b.dataset.action)).toEqual([
      "remove",
    ]);
    expect(token.value).toBe("");
    expect(input.name).toBe("file");
    click(element, "remove");
    expect(element.items).toHaveLength(0);
    expect(input.required).toBe(true);
  });

  it("sits beside the uploads the form kept", () => {
    const { element, token } = mount({
      multiple: true,
      pending: [{ token: "tok-a", name: "a.pdf" }],
      refused: [{ name: "b.csv", error: "Not this one." }],
    });
    expect(element.items.map((item) => [item.name, item.state])).toEqual([
      ["a.pdf", "complete"],
      ["b.csv", "error"],
    ]);
    expect(token.value).toBe("tok-a");
  });

  it("parses data-refused defensively", () => {
    expect(parseRefused("[{")).toEqual([]);
    expect(parseRefused('{"name": "a"}')).toEqual([]);
    expect(parseRefused('[{"name": "a"}, {"error": "no"}, 3, null]')).toEqual([
      { name: "", error: "no" },
    ]);
  });
});
