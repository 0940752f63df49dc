import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeUploadPlatform, fileOf } from "../../tests/fake-upload.js";
import { click, renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";
import { IllegalTransition } from "./state.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

describe("<dlw-upload>", () => {
  it("uploads a chosen file and swaps the bytes for the token", () => {
    const { element, platform, input, token, events } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    const [task] = platform.tasks;
    expect(task?.starts).toBe(1);
    expect(task?.options.endpoint).toBe("/dlwidget/uploads/");
    expect(task?.options.headers).toEqual({ "X-CSRFToken": "form-csrf" });
    expect(task?.options.scope).toBe(token.name); // resumes only this field's uploads
    expect(events.map((e) => e.type)).toEqual(["dlw:upload-start"]);
    expect(input.name).toBe("file"); // still there while uploading

    platform.time = 1000;
    task?.progress(100);
    platform.time = 2000;
    task?.progress(200);
    const bar = element.querySelector('.dlw-upload-item [role="progressbar"]');
    expect(bar?.getAttribute("aria-valuenow")).toBe("50");
    expect(bar?.getAttribute("aria-label")).toBe("Upload progress of report.pdf");
    expect(element.querySelector(".dlw-upload-item .dlw-upload-status")?.textContent).toContain(
      "200 byte",
    );
    expect(events.at(-1)).toEqual({
      type: "dlw:upload-progress",
      detail: { name: "report.pdf", bytesSent: 200, bytesTotal: 400, percent: 50, speed: 100 },
    });

    task?.succeed("tok-1");
    expect(token.value).toBe("tok-1");
    expect(input.hasAttribute("name")).toBe(false);
    expect(input.required).toBe(false);
    expect(events.at(-1)).toEqual({
      type: "dlw:upload-complete",
      detail: { name: "report.pdf", size: 400, token: "tok-1" },
    });
    expect(element.querySelector(".dlw-live")?.textContent).toBe("report.pdf uploaded");

    click(element, "remove");
    expect(token.value).toBe("");
    expect(input.name).toBe("file");
    expect(input.required).toBe(true);
    expect(element.querySelectorAll(".dlw-upload-item")).toHaveLength(0);
  });

  it("pauses, resumes and cancels with buttons (classes from data-classes)", () => {
    const { element, platform } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    const task = platform.tasks[0];
    expect(element.querySelector('[data-action="pause"]')?.className).toBe("dlw-upload-button btn");
    click(element, "pause");
    expect(task?.pauses).toBe(1);
    expect(element.items[0]?.state).toBe("paused");
    task?.progress(300); // late event from the aborted request: ignored
    expect(element.items[0]?.bytesSent).toBe(0);
    click(element, "resume");
    expect(task?.starts).toBe(2);
    click(element, "cancel");
    expect(task?.cancels).toBe(1);
    expect(element.items).toHaveLength(0);
  });

  it("reports failures readably and retries (by hand and when back online)", () => {
    const { element, platform, events } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    const task = platform.tasks[0];
    task?.fail(413, "Your unfinished uploads would exceed your quota.");
    expect(events.at(-1)?.detail).toEqual({
      name: "report.pdf",
      message: "report.pdf could not be uploaded: Your unfinished uploads would exceed your quota.",
      status: 413,
    });
    expect(element.querySelector(".dlw-upload-error")?.textContent).toContain("quota");
    click(element, "retry");
    expect(task?.starts).toBe(2);
    task?.fail();
    expect(element.querySelector(".dlw-upload-error")?.textContent).toBe(
      "report.pdf could not be uploaded: the connection to the server was lost",
    );
    platform.goOnline();
    expect(task?.starts).toBe(3);
    expect(element.items[0]?.state).toBe("uploading");
  });

  it("keeps several uploads in one field when multiple", () => {
    const { element, platform, token, input } = mount({ multiple: true });
    element.addFiles([fileOf("a.pdf", 10), fileOf("b.csv", 10, "text/csv")]);
    platform.tasks[0]?.succeed("tok-a");
    expect(input.name).toBe("file"); // b is still uploading
    platform.tasks[1]?.succeed("tok-b");
    expect(token.value).toBe("tok-a tok-b");
    expect(input.hasAttribute("name")).toBe(false);
  });

  it("replaces the upload when a single field gets another file", () => {
    const { element, platform } = mount();
    element.addFiles([fileOf("a.pdf", 10)]);
    element.addFiles([fileOf("b.pdf", 10)]);
    expect(platform.tasks[0]?.cancels).toBe(1);
    expect(element.items.map((item) => item.name)).toEqual(["b.pdf"]);
  });

  it("throws on an illegal transition", () => {
    const { element, platform } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    platform.tasks[0]?.succeed("tok");
    const item = element.items[0];
    expect(() => item?.resume()).toThrow(IllegalTransition);
  });

  it("works outside a form and tells of uploads it could resume", async () => {
    const platform = fakeUploadPlatform();
    platform.resumable = ["movie.mp4"];
    const element = document.createElement("dlw-upload") as DlwUpload;
    element.platform = platform;
    element.innerHTML = `<input type="file" name="f"><p class="dlw-upload-hint">hint</p>`;
    document.body.append(element);
    await Promise.resolve();
    const input = element.querySelector("input[type=file]");
    const ids = input?.getAttribute("aria-describedby")?.split(" ") ?? [];
    expect(ids.map((id) => document.getElementById(id)?.className)).toEqual([
      "dlw-upload-hint",
      "dlw-upload-notice",
    ]);
    expect(element.querySelector("input[data-dlw-token]")?.getAttribute("name")).toBe("f-token");
    expect(element.querySelector(".dlw-upload-notice")?.textContent).toBe(
      "Choose movie.mp4 again to resume its upload.",
    );
  });
});
