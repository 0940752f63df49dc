// A <dlw-upload> in a form, rendered as the widget renders it, for the upload element's tests:
// the fake platform drives the transport and `events` records every dlw:upload-* event.

import type { DlwUpload } from "../src/upload/element.js";
import type { PendingUpload, RefusedUpload } from "../src/upload/pending.js";
import { type FakeUploadPlatform, fakeUploadPlatform } from "./fake-upload.js";

export interface Page {
  element: DlwUpload;
  platform: FakeUploadPlatform;
  form: HTMLFormElement;
  input: HTMLInputElement;
  token: HTMLInputElement;
  events: { type: string; detail: Record<string, unknown> }[];
}

export const UPLOAD_EVENTS = [
  "dlw:upload-start",
  "dlw:upload-progress",
  "dlw:upload-complete",
  "dlw:upload-error",
] as const;

export interface PageOptions {
  multiple?: boolean;
  /** Uploads a re-shown form carries (rendered into `data-pending` and the token input). */
  pending?: PendingUpload[];
  /** The token input's value without `data-pending` (markup written by hand). */
  token?: string;
  /** Uploads a re-shown form refused (rendered into `data-refused`). */
  refused?: RefusedUpload[];
  /** Renders `data-thumbnails="false"`. */
  noThumbnails?: boolean;
}

/** Renders the widget's markup in a form and connects it (call `defineElement` first). */
export function renderUploadForm(options: PageOptions = {}): Page {
  const platform = fakeUploadPlatform();
  const form = document.createElement("form");
  const multiple = options.multiple ? " multiple" : "";
  const thumbnails = options.noThumbnails ? ' data-thumbnails="false"' : "";
  form.innerHTML = `
    <input type="hidden" name="csrfmiddlewaretoken" value="form-csrf">
    <dlw-upload data-url="/dlwidget/uploads/" data-max-size="1000" data-classes='{"upload-button":"btn"}'${thumbnails}>
      <input type="file" name="file" id="id_file" required accept="application/pdf,.csv,image/*"${multiple}>
      <input type="hidden" name="file-token" value="" data-dlw-token>
      <p class="dlw-upload-hint">Up to 1 KB.</p>
    </dlw-upload>
    <button type="submit">Save</button>`;
  const element = form.querySelector("dlw-upload") as DlwUpload;
  const token = form.querySelector("input[data-dlw-token]") as HTMLInputElement;
  const { pending } = options;
  if (pending) {
    element.dataset.pending = JSON.stringify(pending);
    token.value = pending.map((upload) => upload.token).join(" ");
    const line = document.createElement("p");
    line.className = "dlw-upload-notice";
    line.dataset.dlwPending = "";
    line.textContent = `Uploaded: ${pending.map((upload) => upload.name).join(", ")}`;
    token.after(line);
  } else if (options.token) {
    token.value = options.token;
  }
  if (options.refused) {
    element.dataset.refused = JSON.stringify(options.refused);
  }
  element.platform = platform;
  const events: Page["events"] = [];
  for (const type of UPLOAD_EVENTS) {
    form.addEventListener(type, (event) => {
      events.push({ type, detail: (event as CustomEvent).detail });
    });
  }
  document.body.append(form);
  const input = form.querySelector('input[type="file"]') as HTMLInputElement;
  return { element, platform, form, input, token, events };
}

/** Clicks the item button for `action` (the first one, when several items have it). */
export function click(element: DlwUpload, action: string): void {
  const button = element.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  if (!button) {
    throw new Error(`no ${action} button`);
  }
  button.click();
}
