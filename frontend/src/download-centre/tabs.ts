// The user's other tabs: after a change or `dlw:refresh`, one tab posts on a BroadcastChannel and
// the others refresh at once instead of waiting for their next (possibly backed-off) poll.
import type { Subscriptions } from "../shared/subscriptions.js";
import type { Platform } from "./platform.js";

const CHANNEL = "dlwidget";

/**
 * Listens for this `user`'s refresh messages (calling `onRefresh`) until `subs` is disposed;
 * returns the function that posts one. Messages for other users (a shared browser) are ignored.
 */
export function connectTabs(
  platform: Platform,
  user: string,
  subs: Subscriptions,
  onRefresh: () => void,
): () => void {
  const channel = platform.channel(CHANNEL);
  if (!channel) {
    return () => undefined;
  }
  channel.addEventListener("message", (event: MessageEvent) => {
    const data: unknown = event.data;
    if (typeof data === "object" && data !== null && "user" in data && data.user === user) {
      onRefresh();
    }
  });
  subs.add(() => channel.close());
  return () => channel.postMessage({ type: "refresh", user });
}
