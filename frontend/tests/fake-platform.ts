// A deterministic `Platform` for the download centre's unit tests, assembled from the fakes beside
// it: manual clock, scripted fetch, scripted sockets, switchable visibility, in-memory storage and an
// in-process broadcast channel. Also a download factory and `settle()` for pending promises.
import type { Platform } from "../src/download-centre/platform.js";
import type { Download, DownloadStatus } from "../src/download-centre/types.js";
import { FakeChannels, FakeVisibility, MemoryStore } from "./fake-browser.js";
import { FakeClock } from "./fake-clock.js";
import { FakeNetwork } from "./fake-network.js";
import { FakeSockets } from "./fake-sockets.js";

export { FakeChannels, FakeVisibility, MemoryStore } from "./fake-browser.js";
export { FakeClock } from "./fake-clock.js";
export { type Call, FakeNetwork, listResponse } from "./fake-network.js";
export { FakeSocket, FakeSockets } from "./fake-sockets.js";

export interface FakePlatform extends Platform {
  fakeClock: FakeClock;
  network: FakeNetwork;
  sockets: FakeSockets;
  fakeVisibility: FakeVisibility;
  store: MemoryStore;
  channels: FakeChannels;
  notifications: string[];
}

export function fakePlatform(channels = new FakeChannels()): FakePlatform {
  const fakeClock = new FakeClock();
  const network = new FakeNetwork();
  const sockets = new FakeSockets();
  const fakeVisibility = new FakeVisibility();
  const store = new MemoryStore();
  const notifications: string[] = [];
  return {
    fakeClock,
    network,
    sockets,
    fakeVisibility,
    store,
    channels,
    notifications,
    fetch: network.fetch,
    openSocket: sockets.open,
    pageUrl: () => "https://example.test/app/page/",
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
