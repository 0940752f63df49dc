// `<dlw-download-centre>`: the nav-menu download centre. It adopts the markup `{% download_centre %}`
// rendered (toggle, badge, menu, list, live region) and the list embedded as JSON, then keeps the list
// current through the transport `data-mode` picks (polling, WebSocket, `auto`), updating items in place.
import { announce } from "../shared/live-region.js";
import { Subscriptions } from "../shared/subscriptions.js";
import { isAction, sendActions } from "./actions.js";
import { reportChanges } from "./announcements.js";
import { type CentreConfig, readConfig, readSnapshot } from "./config.js";
import { REFRESH_EVENT } from "./events.js";
import { renderBadge } from "./list.js";
import { createMenu, type Menu } from "./menu.js";
import { adoptParts, type Parts } from "./parts.js";
import { browserPlatform, type Platform } from "./platform.js";
import { RateTracker } from "./rate.js";
import { renderCentre } from "./render.js";
import { SeenStore } from "./seen.js";
import {
  badgeCount,
  type CentreState,
  createState,
  hasGap,
  isActive,
  isFinished,
  reduce,
  type Transition,
  transitions,
} from "./state.js";
import { withName } from "./strings.js";
import { connectTabs } from "./tabs.js";
import type { Transport } from "./transport.js";
import { createTransport } from "./transports.js";
import type { ServerEvent } from "./types.js";

const TICK_MS = 10_000; // relative times, "Waiting for a worker"

/** Everything that exists only while the element is connected. */
interface Session {
  config: CentreConfig;
  platform: Platform;
  parts: Parts;
  menu: Menu;
  seen: SeenStore;
  subs: Subscriptions;
  transport: Transport;
  rates: RateTracker;
  /** Tells this user's other tabs to refresh. */
  post(): void;
}

export class DlwDownloadCentre extends HTMLElement {
  static readonly tagName = "dlw-download-centre";

  /** Browser APIs; replace before connecting to drive the element from tests. */
  platform: Platform | null = null;

  #state: CentreState = createState();
  #session: Session | null = null;
  #busy = new Set<string>();

  get state(): CentreState {
    return this.#state;
  }

  get open(): boolean {
    return this.#session?.menu.open ?? false;
  }

  connectedCallback(): void {
    this.toggleAttribute("data-dlw-connected", true);
    const config = readConfig(this);
    if (!config.url) {
      return; // not rendered by the tag: nothing to show
    }
    const platform = this.platform ?? browserPlatform();
    const snapshot = readSnapshot(this);
    this.#state = createState(snapshot?.downloads ?? [], snapshot?.version ?? null);
    const subs = new Subscriptions(platform.clock);
    const parts = adoptParts(this, config.classes, config.strings, config.pageUrl);
    const session: Session = {
      config,
      platform,
      parts,
      menu: createMenu({ root: this, toggle: parts.toggle, menu: parts.menu }, subs, () =>
        this.#opened(),
      ),
      seen: new SeenStore(platform.storage(), config.user),
      subs,
      rates: new RateTracker(),
      transport: createTransport(config, platform, {
        isActive: () => this.#state.downloads.some(isActive),
        pollWhileHidden: () => config.notify,
        onEvent: (event) => this.apply(event),
      }),
      post: connectTabs(platform, config.user, subs, () => this.#session?.transport.refresh()),
    };
    this.#session = session;

    subs.on(this, "click", (event) => this.#onClick(event));
    // Capture on document sees the event wherever it was dispatched, bubbling or not.
    subs.on(document, REFRESH_EVENT, () => this.refresh(), true);
    subs.on(window, "storage", (event) => {
      if (event.key === session.seen.storageKey) {
        session.seen.reload();
        this.#renderBadge();
      }
    });
    subs.add(() => session.transport.stop());
    session.transport.start();
    if (!snapshot) {
      session.transport.refresh();
    }
    subs.setInterval(() => this.#render(), TICK_MS);
    this.#render();
  }

  disconnectedCallback(): void {
    this.removeAttribute("data-dlw-connected");
    this.#session?.subs.dispose();
    this.#session = null;
    this.#busy.clear();
  }

  /** Applies one server event (snapshot, download, removed) from any transport. */
  apply(event: ServerEvent): void {
    const previous = this.#state;
    const next = reduce(previous, event);
    if (next === previous) {
      return;
    }
    const session = this.#session;
    if (hasGap(previous, event)) {
      session?.transport.resync();
    }
    this.#state = next;
    if (previous.version !== null && next.version !== previous.version) {
      session?.post(); // other tabs of this user may be idling: tell them
    }
    this.#announce(transitions(previous, next));
    this.#render();
  }

  /** Fetches now and tells this user's other tabs to do the same. */
  refresh(): void {
    this.#session?.transport.refresh();
    this.#session?.post();
  }

  toggle(): void {
    this.#session?.menu.toggle();
  }

  show(): void {
    this.#session?.menu.show();
  }

  /** Closes the menu; `focusToggle` returns focus to the toggle (as Escape does). */
  close(focusToggle: boolean): void {
    this.#session?.menu.close(focusToggle);
  }

  #opened(): void {
    const session = this.#session;
    if (session?.config.notify) {
      session.platform.requestNotifications(); // inside the user's gesture
    }
    this.#renderBadge();
  }

  #onClick(event: Event): void {
    const target = event.target instanceof Element ? event.target.closest("[data-action]") : null;
    if (target instanceof HTMLElement && target.dataset.action === "clear-finished") {
      this.#session?.parts.toggle.focus(); // the button hides once nothing is left to clear
      const keys = this.#state.downloads.filter(isFinished).map((d) => d.key);
      return void this.#act("clear", keys, this.#session?.config.strings.clearFinished ?? "");
    }
    const key = target?.closest<HTMLElement>("[data-key]")?.dataset.key;
    const action = target instanceof HTMLElement ? target.dataset.action : undefined;
    if (!key || !action) {
      return;
    }
    if (action === "download") {
      this.#markSeen([key]);
    } else if (isAction(action)) {
      const name = this.#state.downloads.find((d) => d.key === key)?.name ?? "";
      void this.#act(action, [key], name);
    }
  }

  /** Cancel or clear `keys` (one, or every finished one for "Clear finished"), then refresh. */
  async #act(action: "cancel" | "clear", keys: readonly string[], what: string): Promise<void> {
    const session = this.#session;
    if (!session || keys.every((key) => this.#busy.has(key))) {
      return;
    }
    const { platform, config } = session;
    if (!(await sendActions(platform.fetch, config, action, keys, this.#busy))) {
      this.#say(withName(config.strings.actionFailed, what));
    }
    this.refresh(); // shows the outcome (or that it was already gone)
  }

  #announce(changes: Transition[]): void {
    const session = this.#session;
    if (session && changes.length) {
      this.#say(reportChanges(this, changes, session.config, session.platform));
    }
  }

  #say(message: string): void {
    if (this.#session) {
      announce(this.#session.parts.live, message);
    }
  }

  #markSeen(keys: Iterable<string>): void {
    this.#session?.seen.mark(keys, new Set(this.#state.downloads.map((d) => d.key)));
  }

  #renderBadge(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    if (session.menu.open) {
      this.#markSeen(this.#state.downloads.filter((d) => d.status === "ready").map((d) => d.key));
    }
    renderBadge(session.parts.badge, badgeCount(this.#state, session.seen.keys));
  }

  #render(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    const { config, platform, parts } = session;
    const now = platform.clock.now();
    const focusLost = renderCentre(parts, config, this.#state.downloads, now, session.rates);
    this.#renderBadge();
    session.menu.reposition();
    if (focusLost) {
      parts.toggle.focus(); // the focused download was cleared: keep the user in the centre
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "dlw-download-centre": DlwDownloadCentre;
  }
}
