// The buttons of the upload list: one click listener on the list finds the item and the action
// (`data-item` on the row, `data-action` on the button), and each action is one item call.
import type { Subscriptions } from "../shared/subscriptions.js";
import type { UploadItem } from "./item.js";
import type { UploadList } from "./list.js";
import type { Action } from "./render.js";

/** The item and action a click in the list asks for, if it hit a button of a known item. */
export function actionOf(
  event: Event,
  items: readonly UploadItem[],
): { item: UploadItem; action: Action } | null {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>("[data-action]");
  const row = button?.closest<HTMLElement>("[data-item]");
  const item = items.find((candidate) => candidate.id === row?.dataset.item);
  return button && item ? { item, action: button.dataset.action as Action } : null;
}

/** Calls `act` for every click on a button of `list`. */
export function listenForActions(
  list: UploadList,
  subscriptions: Subscriptions,
  act: (item: UploadItem, action: Action) => void,
): void {
  subscriptions.on(list.root, "click", (event) => {
    const hit = actionOf(event, list.items);
    if (hit) {
      act(hit.item, hit.action);
    }
  });
}

/** Runs `action` on `item`; cancel and remove are the same (a finished file leaves the form). */
export function perform(item: UploadItem, action: Action): void {
  switch (action) {
    case "pause":
      void item.pause();
      break;
    case "resume":
      item.resume();
      break;
    case "retry":
      item.retry();
      break;
    case "cancel":
    case "remove":
      void item.cancel();
      break;
  }
}
