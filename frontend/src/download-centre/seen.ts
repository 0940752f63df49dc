// Ready downloads the user has already seen (opened the menu, or followed the link), kept in
// localStorage under a key per user so the badge stays quiet across reloads and tabs.
import type { KeyValueStore } from "./platform.js";

export class SeenStore {
  #keys = new Set<string>();
  readonly #storage: KeyValueStore | null;
  readonly storageKey: string;

  constructor(storage: KeyValueStore | null, user: string) {
    this.#storage = storage;
    this.storageKey = `dlwidget:seen:${user}`;
    this.reload();
  }

  get keys(): ReadonlySet<string> {
    return this.#keys;
  }

  /** Re-reads storage (another tab may have written it). */
  reload(): void {
    try {
      const raw: unknown = JSON.parse(this.#storage?.getItem(this.storageKey) ?? "[]");
      this.#keys = new Set(Array.isArray(raw) ? raw.filter((k) => typeof k === "string") : []);
    } catch {
      this.#keys = new Set();
    }
  }

  /** Adds `keys`, forgets keys no longer `present`, and saves when anything changed. */
  mark(keys: Iterable<string>, present: ReadonlySet<string>): void {
    const next = new Set([...this.#keys].filter((k) => present.has(k)));
    for (const key of keys) {
      next.add(key);
    }
    if (next.size === this.#keys.size && [...next].every((k) => this.#keys.has(k))) {
      return;
    }
    this.#keys = next;
    try {
      this.#storage?.setItem(this.storageKey, JSON.stringify([...next]));
    } catch {
      // Quota or privacy mode: the badge still works for this page.
    }
  }
}
