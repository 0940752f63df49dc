// `<dlw-download-centre>`: the nav-menu download centre. It adopts the markup `{% download_centre %}`
// rendered (toggle, badge, menu, list, live region) and the list embedded as JSON, then keeps the list
// current through a transport. Modes `ws` and `auto` poll until the WebSocket transport lands; it
// will implement the same `Transport` interface and feed the same reducer.
import { type CentreConfig, readConfig, readSnapshot, urlFor } from "./config.js";
import { emitDownloadEvent, FAILED_EVENT, READY_EVENT, REFRESH_EVENT } from "./events.js";
import { Listeners } from "./listeners.js";
import { browserPlatform, type Platform } from "./platform.js";
import { createPollTransport } from "./poll-transport.js";
import { adoptParts, type Parts, type RenderOptions, renderBadge, renderList } from "./render.js";
import { SeenStore } from "./seen.js";
import {
  badgeCount,
  type CentreState,
  createState,
  reduce,
  type Transition,
  transitions,
} from "./state.js";
import { type StringKey, withName } from "./strings.js";
import type { Transport } from "./transport.js";
import type { ServerEvent } from "./types.js";

const CHANNEL = "dlwidget";
const TICK_MS = 30_000; // relative times

const ANNOUNCED: Partial<Record<string, StringKey>> = {
  pending: "started",
  running: "started",
  ready: "isReady",
  failed: "isFailed",
  cancelled: "isCancelled",
};

/** Everything that exists only while the element is connected. */
interface Session {
  config: CentreConfig;
  platform: Platform;
  parts: Parts;
  seen: SeenStore;
  listeners: Listeners;
  transport: Transport | null;
  tick: ReturnType<Platform["clock"]["setTimeout"]> | null;
  post(): void;
}

export class DlwDownloadCentre extends HTMLElement {
  static readonly tagName = "dlw-download-centre";

  /** Browser APIs; replace before connecting to drive the element from tests. */
  platform: Platform | null = null;

  #state: CentreState = createState();
  #session: Session | null = null;
  #open = false;
  #busy = new Set<string>();

  get state(): CentreState {
    return this.#state;
  }

  get open(): boolean {
    return this.#open;
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
    const listeners = new Listeners();
    const channel = platform.channel(CHANNEL);
    const session: Session = {
      config,
      platform,
      parts: adoptParts(this, this.#renderOptions(config, platform)),
      seen: new SeenStore(platform.storage(), config.user),
      listeners,
      transport: null,
      tick: null,
      post: () => channel?.postMessage({ type: "refresh", user: config.user }),
    };
    this.#session = session;
    this.#open = false;

    const { parts } = session;
    listeners.on(parts.toggle, "click", () => this.toggle());
    listeners.on(this, "keydown", (event) => this.#onKeydown(event as KeyboardEvent));
    listeners.on(this, "click", (event) => this.#onClick(event));
    listeners.on(this, "focusout", (event) => {
      const next = (event as FocusEvent).relatedTarget;
      if (this.#open && next instanceof Node && !this.contains(next)) {
        this.close(false);
      }
    });
    listeners.on(document, "click", (event) => {
      if (this.#open && event.target instanceof Node && !this.contains(event.target)) {
        this.close(false);
      }
    });
    // Capture on document sees the event wherever it was dispatched, bubbling or not.
    listeners.on(document, REFRESH_EVENT, () => this.refresh(), true);
    listeners.on(window, "storage", (event) => {
      if ((event as StorageEvent).key === session.seen.storageKey) {
        session.seen.reload();
        this.#renderBadge();
      }
    });
    if (channel) {
      channel.addEventListener("message", (event: MessageEvent) => {
        const data: unknown = event.data;
        if (
          typeof data === "object" &&
          data !== null &&
          "user" in data &&
          data.user === config.user
        ) {
          session.transport?.refresh();
        }
      });
      listeners.add(() => channel.close());
    }

    // `ws` and `auto` fall back to polling until the socket transport exists.
    const transport = createPollTransport({
      url: config.url,
      interval: config.pollInterval,
      fetch: platform.fetch,
      clock: platform.clock,
      visibility: platform.visibility,
      random: platform.random,
      isActive: () =>
        this.#state.downloads.some((d) => d.status === "pending" || d.status === "running"),
      pollWhileHidden: () => config.notify,
      onEvent: (event) => this.apply(event),
    });
    session.transport = transport;
    listeners.add(() => transport.stop());
    transport.start();
    if (!snapshot) {
      transport.refresh();
    }
    listeners.add(() => {
      if (session.tick !== null) {
        platform.clock.clearTimeout(session.tick);
      }
    });
    this.#tick();
    this.#render();
  }

  disconnectedCallback(): void {
    this.removeAttribute("data-dlw-connected");
    this.#session?.listeners.dispose();
    this.#session = null;
    this.#busy.clear();
  }

  /** Applies one server event (snapshot, download, removed) from any transport. */
  apply(event: ServerEvent): void {
    const previous = this.#state;
    let next = reduce(previous, event);
    if (next === previous) {
      return;
    }
    const session = this.#session;
    if (next.resync) {
      next = { ...next, resync: false };
      session?.transport?.refresh();
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
    this.#session?.transport?.refresh();
    this.#session?.post();
  }

  toggle(): void {
    if (this.#open) {
      this.close(true);
    } else {
      this.show();
    }
  }

  show(): void {
    const session = this.#session;
    if (!session || this.#open) {
      return;
    }
    this.#open = true;
    session.parts.menu.hidden = false;
    session.parts.toggle.setAttribute("aria-expanded", "true");
    if (session.config.notify) {
      session.platform.requestNotifications();
    }
    this.#renderBadge();
  }

  /** Closes the menu; `focusToggle` returns focus to the toggle (Escape, toggle click). */
  close(focusToggle: boolean): void {
    const session = this.#session;
    if (!session || !this.#open) {
      return;
    }
    this.#open = false;
    session.parts.menu.hidden = true;
    session.parts.toggle.setAttribute("aria-expanded", "false");
    if (focusToggle) {
      session.parts.toggle.focus();
    }
  }

  #renderOptions(config: CentreConfig, platform: Platform): RenderOptions {
    return {
      classes: config.classes,
      strings: config.strings,
      now: platform.clock.now(),
      lang: config.lang,
    };
  }

  #tick(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    session.tick = session.platform.clock.setTimeout(() => {
      this.#render();
      this.#tick();
    }, TICK_MS);
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === "Escape" && this.#open) {
      event.preventDefault();
      this.close(true);
    }
  }

  #onClick(event: Event): void {
    const target = event.target instanceof Element ? event.target.closest("[data-action]") : null;
    const item = target?.closest<HTMLElement>("[data-key]");
    const key = item?.dataset.key;
    const action = target instanceof HTMLElement ? target.dataset.action : undefined;
    if (!key || !action) {
      return;
    }
    if (action === "download") {
      this.#markSeen([key]);
    } else if (action === "cancel" || action === "clear") {
      void this.#act(action, key);
    }
  }

  async #act(action: "cancel" | "clear", key: string): Promise<void> {
    const session = this.#session;
    if (!session || this.#busy.has(key)) {
      return;
    }
    const { config, platform } = session;
    const name = this.#state.downloads.find((d) => d.key === key)?.name ?? "";
    this.#busy.add(key);
    try {
      const response = await platform.fetch(
        urlFor(action === "cancel" ? config.cancelUrl : config.detailUrl, key),
        {
          method: action === "cancel" ? "POST" : "DELETE",
          headers: { "X-CSRFToken": config.csrfToken, Accept: "application/json" },
          credentials: "same-origin",
        },
      );
      // 404: already gone (cleared in another tab): the refresh below shows that.
      if (!response.ok && response.status !== 404) {
        throw new Error(`${action} answered ${response.status}`);
      }
    } catch {
      this.#say(withName(config.strings.actionFailed, name));
    } finally {
      this.#busy.delete(key);
    }
    this.refresh();
  }

  #announce(changes: Transition[]): void {
    const session = this.#session;
    if (!session || !changes.length) {
      return;
    }
    const messages: string[] = [];
    for (const { download, from } of changes) {
      const key = ANNOUNCED[download.status];
      if (!key || (download.status === "running" && from === "pending")) {
        continue;
      }
      const message = withName(session.config.strings[key], download.name);
      messages.push(message);
      if (download.status === "ready" || download.status === "failed") {
        emitDownloadEvent(this, download.status === "ready" ? READY_EVENT : FAILED_EVENT, download);
        if (session.config.notify && session.platform.visibility.isHidden()) {
          session.platform.notify(message, download.key);
        }
      }
    }
    this.#say(messages.join(". "));
  }

  #say(message: string): void {
    if (this.#session && message) {
      this.#session.parts.live.textContent = message;
    }
  }

  #markSeen(keys: Iterable<string>): void {
    const session = this.#session;
    if (session) {
      session.seen.mark(keys, new Set(this.#state.downloads.map((d) => d.key)));
    }
  }

  #renderBadge(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    if (this.#open) {
      this.#markSeen(this.#state.downloads.filter((d) => d.status === "ready").map((d) => d.key));
    }
    renderBadge(session.parts.badge, badgeCount(this.#state, session.seen.keys));
  }

  /** Re-renders the list from state, keeping keyboard focus on the same control (or a neighbour). */
  #render(): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    const { list, empty, toggle } = session.parts;
    const focused = document.activeElement;
    const focusedItem =
      focused instanceof HTMLElement && list.contains(focused)
        ? focused.closest<HTMLElement>("[data-key]")
        : null;
    const index = focusedItem ? [...list.children].indexOf(focusedItem) : -1;
    const action = focused instanceof HTMLElement ? focused.dataset.action : undefined;

    renderList(
      list,
      empty,
      this.#state.downloads,
      this.#renderOptions(session.config, session.platform),
    );
    this.#renderBadge();

    if (focusedItem && !list.contains(document.activeElement)) {
      const items = [...list.children] as HTMLElement[];
      const same = items.find((item) => item.dataset.key === focusedItem.dataset.key);
      const neighbour = items[Math.min(index, items.length - 1)];
      const target =
        same?.querySelector<HTMLElement>(`[data-action="${action}"]`) ??
        (same ?? neighbour)?.querySelector<HTMLElement>("button, a") ??
        toggle;
      target.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "dlw-download-centre": DlwDownloadCentre;
  }
}
