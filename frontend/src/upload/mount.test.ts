import { afterEach, describe, expect, it } from "vitest";
import { TOKEN_INPUT_SUFFIX } from "../shared/contract.js";
import { readConfig } from "./config.js";
import { UploadMount } from "./mount.js";

afterEach(() => document.body.replaceChildren());

function mountOf(html: string): { element: HTMLElement; mount: UploadMount } {
  const element = document.createElement("div");
  element.innerHTML = html;
  document.body.append(element);
  const input = element.querySelector<HTMLInputElement>("input[type=file]");
  if (!input) {
    throw new Error("no file input");
  }
  return { element, mount: new UploadMount(element, input, readConfig(element)) };
}

describe("UploadMount", () => {
  it("puts the input in a drop zone and adds the total, list, notice and live region", () => {
    const { element, mount } = mountOf(
      `<input type="file" name="doc"><input type="hidden" name="doc-token" data-dlw-token>
       <p class="dlw-upload-hint">hint</p>`,
    );
    const order = [...element.children].map((node) => node.className || node.getAttribute("name"));
    expect(order).toEqual([
      "dlw-upload-zone",
      "doc-token",
      "dlw-upload-list",
      "dlw-upload-notice",
      "dlw-live",
      "dlw-upload-hint",
    ]);
    expect(mount.live.getAttribute("role")).toBe("status");
    expect(mount.live.getAttribute("aria-live")).toBe("polite");
    expect(mount.zone.root.tagName).toBe("LABEL");
    expect(mount.zone.root.lastElementChild).toBe(mount.input);
    const built =
      ".dlw-upload-zone, .dlw-upload-total, .dlw-upload-list, .dlw-upload-notice, .dlw-live";
    for (const node of element.querySelectorAll(built)) {
      expect(node.tagName).toMatch(/^(SPAN|LABEL)$/); // phrasing content, valid inside a <p>
    }
    mount.remove();
    expect(element.querySelectorAll(built)).toHaveLength(0);
    expect(element.firstElementChild).toBe(mount.input);
    expect(element.querySelector("input[data-dlw-token]")).not.toBeNull();
  });

  it("makes the token input when the markup lacks one, named with the contract's suffix", () => {
    const { element, mount } = mountOf(`<input type="file" name="doc">`);
    expect(mount.token.name).toBe(`doc${TOKEN_INPUT_SUFFIX}`);
    expect(mount.token.name).toBe("doc-token");
    expect(element.querySelector("input[data-dlw-token]")).toBe(mount.token);
  });

  it("links the hint and the notice to the input", () => {
    const { mount } = mountOf(`<input type="file" name="f"><p class="dlw-upload-hint">hint</p>`);
    const ids = mount.input.getAttribute("aria-describedby")?.split(" ") ?? [];
    expect(ids.map((id) => document.getElementById(id)?.className)).toEqual([
      "dlw-upload-hint",
      "dlw-upload-notice",
    ]);
  });

  it("takes the file input's name off only once every upload has finished", () => {
    const { mount } = mountOf(`<input type="file" name="f" required>`);
    mount.sync([], 1);
    expect(mount.input.name).toBe("f");
    expect(mount.input.required).toBe(false); // an upload is under way
    mount.sync(["a"], 2);
    expect(mount.token.value).toBe("a");
    expect(mount.input.name).toBe("f");
    mount.sync(["a", "b"], 2);
    expect(mount.token.value).toBe("a b");
    expect(mount.input.hasAttribute("name")).toBe(false);
    mount.notify("busy");
    mount.sync([], 0);
    expect(mount.token.value).toBe("");
    expect(mount.input.name).toBe("f");
    expect(mount.input.required).toBe(true);
    expect(mount.notice.hidden).toBe(true);
  });

  it("shows and announces a notice", () => {
    const { mount } = mountOf(`<input type="file" name="f">`);
    mount.notify("Wait for it.");
    expect(mount.notice.hidden).toBe(false);
    expect(mount.notice.textContent).toBe("Wait for it.");
    expect(mount.live.textContent).toBe("Wait for it.");
    mount.notify("");
    expect(mount.notice.hidden).toBe(true);
  });
});

describe("a copy of a connected widget", () => {
  it("is rebuilt once, not wrapped twice (the admin's Add another clones a row)", () => {
    const { element } = mountOf(
      `<input type="file" name="f" multiple><input type="hidden" name="f-token" data-dlw-token>
       <span class="dlw-upload-hint">hint</span>`,
    );
    const copy = element.cloneNode(true) as HTMLElement;
    document.body.append(copy);
    const input = copy.querySelector<HTMLInputElement>("input[type=file]");
    if (!input) {
      throw new Error("no file input");
    }
    const mount = new UploadMount(copy, input, readConfig(copy));
    for (const built of [
      ".dlw-upload-zone",
      ".dlw-upload-total",
      ".dlw-upload-list",
      ".dlw-live",
    ]) {
      expect(copy.querySelectorAll(built)).toHaveLength(1);
    }
    expect(mount.zone.root.contains(input)).toBe(true);
    expect(copy.querySelectorAll("input[type=file]")).toHaveLength(1);
    const [first, second] = document.querySelectorAll(".dlw-upload-hint");
    expect(first?.id).not.toBe(second?.id);
    expect(input.getAttribute("aria-describedby")?.split(" ")[0]).toBe(second?.id);
  });
});
