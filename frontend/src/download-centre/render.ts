// One render of the whole centre from its state: the list (items updated in place), "Clear
// finished" shown while something finished is listed, and the rates behind "time left".
import type { CentreConfig } from "./config.js";
import { setHidden } from "./dom.js";
import { renderList } from "./list.js";
import type { Parts } from "./parts.js";
import type { RateTracker } from "./rate.js";
import { isFinished } from "./state.js";
import type { Download } from "./types.js";

/** Renders `downloads` at `now`; returns whether a removed item held focus. */
export function renderCentre(
  parts: Parts,
  config: CentreConfig,
  downloads: readonly Download[],
  now: number,
  rates: RateTracker,
): boolean {
  rates.observe(downloads, now);
  const focusLost = renderList(parts.list, parts.empty, downloads, {
    classes: config.classes,
    strings: config.strings,
    now,
    lang: config.lang,
    workerWait: config.workerWait,
    rates,
  });
  if (parts.clearFinished) {
    setHidden(parts.clearFinished, !downloads.some(isFinished));
  }
  return focusLost;
}
