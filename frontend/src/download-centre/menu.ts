// The dropdown. Where the browser has the popover API, the menu is a native `popover` opened by
// the toggle's `popovertarget`: the platform owns open/close, Escape, light dismiss (a click
// outside) and the top layer; this module keeps `aria-expanded` in step, places the menu next to
// the toggle inside the viewport (`position.ts`; again on resize, scroll and when the list
// changes) and returns focus to the toggle when the menu closes with focus inside. Elsewhere
// (older browsers, the unit tests' DOM) the same behaviour runs by hand on the `hidden`
// attribute. Either way, moving focus out of the element closes the menu.
import type { Subscriptions } from "../shared/subscriptions.js";
import { applyPlacement, clearPlacement, placeMenu } from "./position.js";

export interface Menu {
  readonly open: boolean;
  show(): void;
  /** Closes; `focusToggle` moves focus to the toggle (as Escape does). */
  close(focusToggle: boolean): void;
  toggle(): void;
  /** Places the open menu again (its content changed). */
  reposition(): void;
}

export interface MenuParts {
  /** The element: focus leaving it closes the menu. */
  root: HTMLElement;
  toggle: HTMLButtonElement;
  menu: HTMLElement;
}

/** Whether this browser can run the menu as a native popover. */
export function supportsPopover(): boolean {
  return typeof HTMLElement.prototype.showPopover === "function";
}

/** Measures the menu and writes where it goes. */
export function positionMenu(toggle: HTMLElement, menu: HTMLElement): void {
  menu.style.removeProperty("width");
  menu.style.removeProperty("max-height");
  const root = document.documentElement;
  const border = menu.offsetHeight - menu.clientHeight;
  const placement = placeMenu(
    toggle.getBoundingClientRect(),
    { width: menu.offsetWidth, height: menu.scrollHeight + border },
    { width: root.clientWidth, height: root.clientHeight },
  );
  applyPlacement(menu, placement);
}

/** Wires the menu; every listener goes into `subs`. `onOpen` runs as the menu opens. */
export function createMenu(
  parts: MenuParts,
  subs: Subscriptions,
  onOpen: () => void,
  popover: boolean = supportsPopover(),
): Menu {
  const { root, toggle, menu } = parts;
  let open = false;
  const expanded = (value: boolean) => {
    open = value;
    toggle.setAttribute("aria-expanded", String(value));
  };
  const place = () => {
    if (open) {
      positionMenu(toggle, menu);
    }
  };
  const opened = () => {
    expanded(true);
    onOpen();
  };
  const closed = () => {
    const focusInside = menu.contains(document.activeElement);
    expanded(false);
    clearPlacement(menu);
    if (focusInside) {
      toggle.focus(); // Escape, or a control inside went away: not into the void
    }
  };

  let api: Menu;
  if (popover) {
    menu.hidden = false;
    menu.popover = "auto";
    toggle.popoverTargetElement = menu;
    subs.on(menu, "beforetoggle", (event) => {
      if (event.newState === "open") {
        opened();
        // The menu is shown once this event's dispatch is over: measure it now, displayed for
        // the moment, so it is placed (and visible, see the stylesheet) from its first frame and
        // focusable at once; place it again once it is in the top layer.
        menu.style.setProperty("display", "block");
        place();
        menu.style.removeProperty("display");
        requestAnimationFrame(place);
      } else {
        closed();
      }
    });
    subs.on(menu, "toggle", place); // in case a frame was skipped
    expanded(menu.matches(":popover-open")); // opened natively before the script ran
    place();
    api = {
      get open() {
        return open;
      },
      show: () => {
        if (!open) {
          menu.showPopover();
        }
      },
      close: (focusToggle) => {
        if (open) {
          menu.hidePopover();
          if (focusToggle) {
            toggle.focus();
          }
        }
      },
      toggle: () => (open ? api.close(true) : api.show()),
      reposition: place,
    };
  } else {
    menu.removeAttribute("popover");
    toggle.removeAttribute("popovertarget");
    menu.hidden = true;
    expanded(false);
    api = {
      get open() {
        return open;
      },
      show: () => {
        if (!open) {
          menu.hidden = false;
          opened();
          place();
        }
      },
      close: (focusToggle) => {
        if (open) {
          closed();
          menu.hidden = true;
          if (focusToggle) {
            toggle.focus();
          }
        }
      },
      toggle: () => (open ? api.close(true) : api.show()),
      reposition: place,
    };
    subs.on(toggle, "click", () => api.toggle());
    subs.on(root, "keydown", (event) => {
      if (event.key === "Escape" && open) {
        event.preventDefault();
        api.close(true);
      }
    });
    subs.on(document, "click", (event) => {
      if (open && event.target instanceof Node && !root.contains(event.target)) {
        api.close(false);
      }
    });
  }
  subs.on(window, "resize", place);
  // Capture: a scroll of any container (the nav, a sidebar) moves the toggle too.
  subs.on(
    window,
    "scroll",
    (event) => {
      if (!(event.target instanceof Node && menu.contains(event.target))) {
        place(); // the menu's own scrolling moves nothing
      }
    },
    { capture: true, passive: true },
  );
  subs.on(root, "focusout", (event) => {
    const next = event.relatedTarget;
    if (open && next instanceof Node && !root.contains(next)) {
      api.close(false);
    }
  });
  return api;
}
