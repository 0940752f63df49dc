import { afterEach, describe, expect, it, vi } from "vitest";
import { UPLOAD_STRINGS } from "../shared/contract.js";
import { Subscriptions } from "../shared/subscriptions.js";
import { DropZone, openOnEnter } from "./zone.js";

afterEach(() => document.body.replaceChildren());

function zoneFor(html: string): { zone: DropZone; input: HTMLInputElement } {
  document.body.innerHTML = `<label for="id_f">File</label>${html}<span class="after"></span>`;
  const input = document.querySelector("input") as HTMLInputElement;
  return { zone: new DropZone(input, { "upload-zone": "card" }, UPLOAD_STRINGS), input };
}

describe("DropZone", () => {
  it("holds the input, still focusable and still labelled by the form's label", () => {
    const { zone, input } = zoneFor(`<input type="file" id="id_f" name="f">`);
    expect(zone.root.className).toBe("dlw-upload-zone card");
    expect(input.parentElement).toBe(zone.root);
    expect(zone.root.nextElementSibling?.className).toBe("after");
    expect(zone.prompt.textContent).toBe("Drop a file here or choose one");
    expect(zone.prompt.getAttribute("aria-hidden")).toBe("true");
    expect(input.hidden).toBe(false);
    expect(input.tabIndex).toBe(0);
    input.focus();
    expect(document.activeElement).toBe(input);
    expect(input.labels?.[0]?.textContent).toBe("File");
  });

  it("speaks of several files on a multiple input, and gives the input back", () => {
    const { zone, input } = zoneFor(`<input type="file" name="f" multiple>`);
    expect(zone.prompt.textContent).toBe("Drop files here or choose them");
    zone.remove();
    expect(input.parentElement).toBe(document.body);
    expect(document.querySelector(".dlw-upload-zone")).toBeNull();
  });

  it("opens the picker on Enter, not on other keys nor while disabled", () => {
    const { input } = zoneFor(`<input type="file" name="f">`);
    const subscriptions = new Subscriptions();
    openOnEnter(input, subscriptions);
    const picker = vi.spyOn(input, "click").mockImplementation(() => {});
    const press = (key: string) => {
      const event = new KeyboardEvent("keydown", { key, cancelable: true });
      input.dispatchEvent(event);
      return event;
    };
    expect(press("Enter").defaultPrevented).toBe(true);
    expect(press("a").defaultPrevented).toBe(false);
    input.disabled = true;
    press("Enter");
    expect(picker).toHaveBeenCalledTimes(1);
    subscriptions.dispose();
    input.disabled = false;
    press("Enter");
    expect(picker).toHaveBeenCalledTimes(1);
  });
});
