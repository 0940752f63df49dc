import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeUploadPlatform, fakeUploadPlatform, fileOf } from "../../tests/fake-upload.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";
import { IllegalTransition } from "./state.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

interface Mounted {
  element: DlwUpload;
  platform: FakeUploadPlatform;
  form: HTMLFormElement;
  input: HTMLInputElement;
  token: HTMLInputElement;
  events: { type: string; detail: Record<string, unknown> }[];
}

const EVENTS = [
  "dlw:upload-start",
  "dlw:upload-progress",
  "dlw:upload-complete",
  "dlw:upload-error",
];

function mount(options: { multiple?: boolean; token?: string; pending?: string } = {}): Mounted {
  const platform = fakeUploadPlatform();
  const form = document.createElement("form");
  form.innerHTML = `
    <input type="hidden" name="csrfmiddlewaretoken" value="form-csrf">
    <dlw-upload data-url="/dlwidget/uploads/" data-max-size="1000" data-classes='{"upload-button":"btn"}'>
      <input type="file" name="file" id="id_file" required accept="application/pdf,.csv"${options.multiple ? " multiple" : ""}>
      <input type="hidden" name="file-token" value="${options.token ?? ""}" data-dlw-token>
      ${options.pending ? `<p data-dlw-pending="${options.pending}">Uploaded: ${options.pending}</p>` : ""}
      <p class="dlw-upload-hint">Up to 1 KB.</p>
    </dlw-upload>
    <button type="submit">Save</button>`;
  const element = form.querySelector("dlw-upload") as DlwUpload;
  element.platform = platform;
  const events: Mounted["events"] = [];
  for (const type of EVENTS) {
    form.addEventListener(type, (event) => {
      events.push({ type, detail: (event as CustomEvent).detail });
    });
  }
  document.body.append(form);
  return {
    element,
    platform,
    form,
    input: form.querySelector('input[type="file"]') as HTMLInputElement,
    token: form.querySelector("input[data-dlw-token]") as HTMLInputElement,
    events,
  };
}

function click(element: DlwUpload, action: string): void {
  const button = element.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  if (!button) {
    throw new Error(`no ${action} button`);
  }
  button.click();
}

describe("<dlw-upload>", () => {
  it("uploads a chosen file and swaps the bytes for the token", () => {
    const { element, platform, input, token, events } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    const [task] = platform.tasks;
    expect(task?.starts).toBe(1);
    expect(task?.options.endpoint).toBe("/dlwidget/uploads/");
    expect(task?.options.headers).toEqual({ "X-CSRFToken": "form-csrf" });
    expect(events.map((e) => e.type)).toEqual(["dlw:upload-start"]);
    expect(input.name).toBe("file"); // still there while uploading

    platform.time = 1000;
    task?.progress(100);
    platform.time = 2000;
    task?.progress(200);
    const bar = element.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute("aria-valuenow")).toBe("50");
    expect(bar?.getAttribute("aria-label")).toBe("Upload progress of report.pdf");
    expect(element.querySelector(".dlw-upload-status")?.textContent).toContain("200 byte");
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

  it("makes the form wait for a running upload, then sends it", () => {
    const { element, platform, form } = mount();
    const send = vi.spyOn(form, "requestSubmit").mockImplementation(() => {});
    element.addFiles([fileOf("report.pdf", 400)]);
    const submit = new Event("submit", { cancelable: true });
    form.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    const notice = element.querySelector(".dlw-upload-notice");
    expect(notice?.textContent).toBe("The form will be sent as soon as the upload has finished.");
    expect(send).not.toHaveBeenCalled();
    platform.tasks[0]?.succeed("tok");
    expect(send).toHaveBeenCalledTimes(1);
    const again = new Event("submit", { cancelable: true });
    form.dispatchEvent(again);
    expect(again.defaultPrevented).toBe(false);
  });

  it("blocks the form while an upload is paused or failed", () => {
    const { element, platform, form } = mount();
    const send = vi.spyOn(form, "requestSubmit").mockImplementation(() => {});
    element.addFiles([fileOf("report.pdf", 400)]);
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    platform.tasks[0]?.fail(500);
    expect(send).not.toHaveBeenCalled();
    expect(element.querySelector(".dlw-upload-notice")?.textContent).toBe(
      "An upload failed: retry or remove it before sending the form.",
    );
    click(element, "retry");
    click(element, "pause");
    const submit = new Event("submit", { cancelable: true });
    form.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    expect(element.querySelector(".dlw-upload-notice")?.textContent).toContain("paused");
  });

  it("adopts the token of a form shown again with errors", () => {
    const { element, input, token } = mount({ token: "tok-9", pending: "report.pdf" });
    expect(element.items.map((item) => [item.name, item.state])).toEqual([
      ["report.pdf", "complete"],
    ]);
    expect(token.value).toBe("tok-9");
    expect(input.hasAttribute("name")).toBe(false);
    expect(element.querySelector("[data-dlw-pending]")).toBeNull();
  });

  it("throws on an illegal transition", () => {
    const { element, platform } = mount();
    element.addFiles([fileOf("report.pdf", 400)]);
    platform.tasks[0]?.succeed("tok");
    const item = element.items[0];
    expect(() => item?.resume()).toThrow(IllegalTransition);
  });

  it("links the hint and notice to the input and tells of resumable uploads", async () => {
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
