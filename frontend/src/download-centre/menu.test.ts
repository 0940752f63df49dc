import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mount, q } from "../../tests/centre-fixture.js";
import { download, settle } from "../../tests/fake-platform.js";
import { defineElement } from "../define-element.js";
import { Subscriptions } from "../shared/subscriptions.js";
import { DlwDownloadCentre } from "./element.js";
import { createMenu, supportsPopover } from "./menu.js";

beforeAll(() => defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre));
afterEach(() => document.body.replaceChildren());

describe("keyboard and focus", () => {
  it("opens with the toggle, closes with Escape and returns focus", () => {
    const { element } = mount({ downloads: [download("ready")] });
    const toggle = q<HTMLButtonElement>(element, ".dlw-toggle");
    const menu = q(element, ".dlw-menu");
    toggle.focus();
    toggle.click();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(menu.hidden).toBe(false);
    const clear = q<HTMLButtonElement>(element, ".dlw-clear");
    clear.focus();
    clear.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(menu.hidden).toBe(true);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);
  });

  it("closes on a click outside without stealing focus", () => {
    const { element } = mount();
    q(element, ".dlw-toggle").click();
    document.body.click();
    expect(element.open).toBe(false);
  });

  it("keeps focus through in-place updates; a cleared item hands it to the toggle", async () => {
    const a = download("running");
    const { element, platform } = mount({ downloads: [a] });
    q(element, ".dlw-toggle").click();
    q<HTMLButtonElement>(element, ".dlw-cancel").focus();
    element.apply({ type: "download", version: 2, download: { ...a, progress: 80 } });
    expect(document.activeElement).toBe(q(element, ".dlw-cancel"));
    expect(q(element, "[role=progressbar]").getAttribute("aria-valuenow")).toBe("80");
    // The job is cancelled: the focused Cancel button becomes Clear, so focus stays on it.
    element.apply({ type: "download", version: 3, download: { ...a, status: "cancelled" } });
    expect(document.activeElement).toBe(q(element, ".dlw-clear"));
    element.apply({ type: "removed", version: 4, key: a.key });
    expect(document.activeElement).toBe(q(element, ".dlw-toggle"));
    await settle();
    expect(platform.network.calls).toHaveLength(0);
  });
});

describe("fallback without the popover API", () => {
  it("turns the server's popover markup into a hidden menu it runs itself", () => {
    expect(supportsPopover()).toBe(false); // happy-dom has no showPopover
    const { element } = mount();
    const menu = q(element, ".dlw-menu");
    expect(menu.hasAttribute("popover")).toBe(false);
    expect(menu.hidden).toBe(true);
    expect(q(element, ".dlw-toggle").hasAttribute("popovertarget")).toBe(false);
  });
});

/** A menu element with the popover API as a browser has it (happy-dom lacks it). */
function popoverParts() {
  document.body.innerHTML = `<div id="root"><button type="button" class="dlw-toggle">Downloads</button>
    <div class="dlw-menu" id="m" popover hidden><button type="button" class="dlw-clear">Clear</button></div></div>
    <button type="button" id="outside">elsewhere</button>`;
  const root = q(document, "#root");
  const toggle = q<HTMLButtonElement>(root, ".dlw-toggle");
  const menu = q(root, ".dlw-menu");
  let open = false;
  const flip = (next: boolean) => {
    if (open !== next) {
      menu.dispatchEvent(
        Object.assign(new Event("beforetoggle"), { newState: next ? "open" : "closed" }),
      );
      open = next;
    }
  };
  menu.showPopover = () => flip(true);
  menu.hidePopover = () => flip(false);
  const matches = menu.matches.bind(menu);
  Object.defineProperty(menu, "matches", {
    value: (selector: string) => (selector === ":popover-open" ? open : matches(selector)),
  });
  return { root, toggle, menu, isOpen: () => open };
}

describe("native popover", () => {
  it("lets the platform open and close it, keeping aria-expanded in step", () => {
    const { root, toggle, menu } = popoverParts();
    const subs = new Subscriptions();
    let opened = 0;
    const api = createMenu({ root, toggle, menu }, subs, () => (opened += 1), true);
    expect(menu.hidden).toBe(false);
    expect(menu.popover).toBe("auto");
    expect(toggle.popoverTargetElement).toBe(menu);
    menu.showPopover(); // what the toggle's popovertarget does on click, Enter or Space
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(api.open).toBe(true);
    expect(opened).toBe(1);
    menu.hidePopover(); // Escape or light dismiss
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(api.open).toBe(false);
    subs.dispose();
    expect(subs.size).toBe(0);
  });

  it("returns focus to the toggle only when it was inside the menu", () => {
    const { root, toggle, menu } = popoverParts();
    const api = createMenu({ root, toggle, menu }, new Subscriptions(), () => undefined, true);
    api.show();
    q<HTMLButtonElement>(menu, ".dlw-clear").focus();
    menu.hidePopover();
    expect(document.activeElement).toBe(toggle);
    api.show();
    const outside = q<HTMLButtonElement>(document, "#outside");
    outside.focus();
    menu.hidePopover();
    expect(document.activeElement).toBe(outside);
  });

  it("adopts a menu the platform opened before the element connected", () => {
    const { root, toggle, menu } = popoverParts();
    menu.showPopover();
    const api = createMenu({ root, toggle, menu }, new Subscriptions(), () => undefined, true);
    expect(api.open).toBe(true);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    api.toggle();
    expect(api.open).toBe(false);
    expect(document.activeElement).toBe(toggle);
  });

  it("closes when focus leaves the element", () => {
    const { root, toggle, menu, isOpen } = popoverParts();
    createMenu({ root, toggle, menu }, new Subscriptions(), () => undefined, true);
    menu.showPopover();
    const clear = q<HTMLButtonElement>(menu, ".dlw-clear");
    clear.focus();
    clear.dispatchEvent(
      new FocusEvent("focusout", { bubbles: true, relatedTarget: q(document, "#outside") }),
    );
    expect(isOpen()).toBe(false);
  });
});

describe("placement", () => {
  it("places the menu when it opens, again on resize, and forgets it on close", () => {
    const { element } = mount({ downloads: [download("ready")] });
    const menu = q(element, ".dlw-menu");
    expect(menu.dataset.placement).toBeUndefined();
    q(element, ".dlw-toggle").click();
    expect(["dropdown", "sheet"]).toContain(menu.dataset.placement);
    menu.removeAttribute("data-placement");
    window.dispatchEvent(new Event("resize"));
    expect(menu.dataset.placement).toBeDefined();
    menu.removeAttribute("data-placement");
    menu.dispatchEvent(new Event("scroll")); // the menu's own scrolling moves nothing
    expect(menu.dataset.placement).toBeUndefined();
    document.dispatchEvent(new Event("scroll"));
    expect(menu.dataset.placement).toBeDefined();
    element.close(false);
    expect(menu.dataset.placement).toBeUndefined();
    window.dispatchEvent(new Event("resize"));
    expect(menu.dataset.placement).toBeUndefined(); // closed: nothing to place
  });
});
