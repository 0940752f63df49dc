// The dropdown. Where the browser has the popover API and CSS anchor positioning, the menu is a
// native `popover` opened by the toggle's `popovertarget`: the platform owns open/close, Escape,
// light dismiss (a click outside) and the top layer; this module keeps `aria-expanded` in step,
// anchors the menu to the toggle and returns focus to the toggle when the menu closes with focus
// inside. Elsewhere (older browsers, the unit tests' DOM) the same behaviour runs by hand on the
// `hidden` attribute. Either way, moving focus out of the element closes the menu.
import type { Subscriptions } from "../shared/subscriptions.js";

export interface Menu {
  readonly open: boolean;
  show(): void;
  /** Closes; `focusToggle` moves focus to the toggle (as Escape does). */
  close(focusToggle: boolean): void;
  toggle(): void;
}

export interface MenuParts {
  /** The element: focus leaving it closes the menu. */
  root: HTMLElement;
  toggle: HTMLButtonElement;
  menu: HTMLElement;
}

/** Whether this browser can run the menu as an anchored native popover. */
export function supportsPopover(): boolean {
  return (
    typeof HTMLElement.prototype.showPopover === "function" &&
    typeof CSS !== "undefined" &&
    CSS.supports("anchor-name", "--dlw")
  );
}

let anchors = 0;

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
  const opened = () => {
    expanded(true);
    onOpen();
  };
  const closed = () => {
    const focusInside = menu.contains(document.activeElement);
    expanded(false);
    if (focusInside) {
      toggle.focus(); // Escape, or a control inside went away: not into the void
    }
  };

  let api: Menu;
  if (popover) {
    menu.hidden = false;
    menu.popover = "auto";
    toggle.popoverTargetElement = menu;
    const anchor = `--dlw-anchor-${++anchors}`;
    toggle.style.setProperty("anchor-name", anchor);
    menu.style.setProperty("position-anchor", anchor);
    subs.add(() => {
      toggle.style.removeProperty("anchor-name");
      menu.style.removeProperty("position-anchor");
    });
    subs.on(menu, "beforetoggle", (event) => {
      if (event.newState === "open") {
        opened();
      } else {
        closed();
      }
    });
    expanded(menu.matches(":popover-open")); // opened natively before the script ran
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
  subs.on(root, "focusout", (event) => {
    const next = event.relatedTarget;
    if (open && next instanceof Node && !root.contains(next)) {
      api.close(false);
    }
  });
  return api;
}
