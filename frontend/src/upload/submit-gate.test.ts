import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fileOf } from "../../tests/fake-upload.js";
import { click, renderUploadForm as mount } from "../../tests/upload-page.js";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "./element.js";

beforeAll(() => defineElement(DlwUpload.tagName, DlwUpload));
afterEach(() => document.body.replaceChildren());

function submit(form: HTMLFormElement, submitter?: HTMLElement): Event {
  const event = new SubmitEvent("submit", { cancelable: true, submitter: submitter ?? null });
  form.dispatchEvent(event);
  return event;
}

describe("SubmitGate", () => {
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

  it("sends the held form with the button that was pressed", () => {
    const { element, platform, form } = mount();
    const send = vi.spyOn(form, "requestSubmit").mockImplementation(() => {});
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    element.addFiles([fileOf("report.pdf", 400)]);
    expect(submit(form, button ?? undefined).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(element.querySelector("input[type=file]"));
    platform.tasks[0]?.succeed("tok");
    expect(send).toHaveBeenCalledWith(button);
    expect(element.querySelector<HTMLElement>(".dlw-upload-notice")?.hidden).toBe(true);
  });

  it("lets a form through with nothing to wait for, and a finished upload", () => {
    const { element, platform, form } = mount();
    expect(submit(form).defaultPrevented).toBe(false);
    element.addFiles([fileOf("report.pdf", 400)]);
    platform.tasks[0]?.succeed("tok");
    expect(submit(form).defaultPrevented).toBe(false);
  });
});
