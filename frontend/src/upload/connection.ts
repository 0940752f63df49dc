// The connection as the uploads see it: offline, running uploads show "Waiting for the
// connection" (not a failure); back online, the ones the transport gave up on for being offline
// start again, and so do failed ones (the network may have been the cause). While an upload waits
// for a scheduled retry, its countdown ticks every second.
import type { Subscriptions } from "../shared/subscriptions.js";
import type { UploadItem } from "./item.js";
import type { UploadPlatform } from "./platform.js";

export class Connection {
  #stopTicking: (() => void) | null = null;

  constructor(
    private readonly platform: UploadPlatform,
    subscriptions: Subscriptions,
    private readonly items: () => readonly UploadItem[],
    private readonly tick: (item: UploadItem) => void,
  ) {
    subscriptions.add(platform.onOnline(() => this.#online()));
    subscriptions.add(platform.onOffline(() => this.#offline()));
    subscriptions.add(() => this.#stop());
  }

  /** Call after every change: runs the countdown while an upload waits for a scheduled retry. */
  update(): void {
    const counting = this.items().some((item) => item.state === "retrying" && item.retryAt);
    if (counting && !this.#stopTicking) {
      this.#stopTicking = this.platform.every(1000, () => {
        for (const item of this.items()) {
          if (item.state === "retrying") {
            this.tick(item);
          }
        }
      });
    } else if (!counting) {
      this.#stop();
    }
  }

  #stop(): void {
    this.#stopTicking?.();
    this.#stopTicking = null;
  }

  #online(): void {
    for (const item of this.items()) {
      if (item.waitsForOnline || (item.state === "error" && !item.refusal)) {
        item.retry();
      }
    }
  }

  #offline(): void {
    for (const item of this.items()) {
      item.waitForConnection();
    }
  }
}
