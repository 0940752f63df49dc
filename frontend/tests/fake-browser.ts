// Page-level browser pieces for unit tests: switchable visibility, in-memory storage and an
// in-process BroadcastChannel.
import type { KeyValueStore, TabChannel } from "../src/download-centre/platform.js";

export class FakeVisibility {
  hidden = false;
  #listeners = new Set<() => void>();

  isHidden = (): boolean => this.hidden;

  subscribe = (callback: () => void): (() => void) => {
    this.#listeners.add(callback);
    return () => this.#listeners.delete(callback);
  };

  set(hidden: boolean): void {
    this.hidden = hidden;
    for (const listener of this.#listeners) {
      listener();
    }
  }
}

export class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

/** Channels that deliver to every other open channel of the same name, like BroadcastChannel. */
export class FakeChannels {
  open: FakeChannel[] = [];
  posted: unknown[] = [];
  create = (name: string): TabChannel => {
    const channel = new FakeChannel(name, this);
    this.open.push(channel);
    return channel;
  };
}

class FakeChannel implements TabChannel {
  #listeners: ((event: MessageEvent) => void)[] = [];
  constructor(
    readonly name: string,
    readonly hub: FakeChannels,
  ) {}
  postMessage(message: unknown): void {
    this.hub.posted.push(message);
    for (const other of this.hub.open) {
      if (other !== this && other.name === this.name) {
        other.deliver(message);
      }
    }
  }
  deliver(message: unknown): void {
    for (const listener of this.#listeners) {
      listener(new MessageEvent("message", { data: message }));
    }
  }
  addEventListener(_type: "message", listener: (event: MessageEvent) => void): void {
    this.#listeners.push(listener);
  }
  close(): void {
    this.hub.open = this.hub.open.filter((c) => c !== this);
  }
}
