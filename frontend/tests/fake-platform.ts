// A deterministic Platform for unit tests: manual clock, scripted fetch, switchable visibility,
// in-memory storage and an in-process broadcast channel.
import type {
  KeyValueStore,
  Platform,
  TabChannel,
  TimerId,
} from "../src/download-centre/platform.js";
import type { Download, DownloadStatus } from "../src/download-centre/types.js";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock {
  time = Date.parse("2025-01-01T12:00:00Z");
  timers: Timer[] = [];
  #next = 1;

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): TimerId => {
    const id = this.#next++;
    this.timers.push({ id, at: this.time + ms, callback });
    return id as unknown as TimerId;
  };

  clearTimeout = (id: TimerId): void => {
    this.timers = this.timers.filter((t) => t.id !== (id as unknown as number));
  };

  /** The delay of the earliest pending timer. */
  nextDelay(): number | undefined {
    const at = Math.min(...this.timers.map((t) => t.at));
    return Number.isFinite(at) ? at - this.time : undefined;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

export interface Call {
  url: string;
  init: RequestInit;
}

export class FakeNetwork {
  calls: Call[] = [];
  respond: (call: Call) => Response | Promise<Response> = () => new Response(null, { status: 304 });

  fetch = (url: string, init: RequestInit): Promise<Response> => {
    const call = { url, init };
    this.calls.push(call);
    return Promise.resolve().then(() => this.respond(call));
  };
}

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

export interface FakePlatform extends Platform {
  fakeClock: FakeClock;
  network: FakeNetwork;
  fakeVisibility: FakeVisibility;
  store: MemoryStore;
  channels: FakeChannels;
  notifications: string[];
}

export function fakePlatform(channels = new FakeChannels()): FakePlatform {
  const fakeClock = new FakeClock();
  const network = new FakeNetwork();
  const fakeVisibility = new FakeVisibility();
  const store = new MemoryStore();
  const notifications: string[] = [];
  return {
    fakeClock,
    network,
    fakeVisibility,
    store,
    channels,
    notifications,
    fetch: network.fetch,
    clock: fakeClock,
    visibility: fakeVisibility,
    random: () => 0.5,
    storage: () => store,
    channel: channels.create,
    requestNotifications: () => undefined,
    notify: (message) => notifications.push(message),
  };
}

/** Lets pending promise callbacks (fetch, json) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

let sequence = 0;

export function download(status: DownloadStatus, fields: Partial<Download> = {}): Download {
  sequence += 1;
  const created = new Date(Date.parse("2025-01-01T11:00:00Z") + sequence * 1000).toISOString();
  return {
    key: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    name: `export-${sequence}.csv`,
    filename: `export-${sequence}.csv`,
    status,
    progress: status === "running" ? 40 : 0,
    error: status === "failed" ? "Disk full" : "",
    size: null,
    content_type: "text/csv",
    url: status === "ready" ? `/dlwidget/downloads/${sequence}/file/` : null,
    created,
    updated: created,
    expires: null,
    ...fields,
  };
}

export function listResponse(
  version: number,
  downloads: Download[],
  etag = `"v${version}"`,
): Response {
  return new Response(JSON.stringify({ version, downloads }), {
    status: 200,
    headers: { "Content-Type": "application/json", ETag: etag },
  });
}
