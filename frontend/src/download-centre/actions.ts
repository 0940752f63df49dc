// Cancel (`POST .../cancel/`) and Clear (`DELETE .../`), with the CSRF token the tag rendered.
import { type CentreConfig, urlFor } from "./config.js";
import type { Fetch } from "./platform.js";

export type Action = "cancel" | "clear";

export function isAction(value: string | undefined): value is Action {
  return value === "cancel" || value === "clear";
}

/** Sends the request; resolves to whether it worked (a 404 counts: already gone in another tab). */
export async function sendAction(
  fetch: Fetch,
  config: CentreConfig,
  action: Action,
  key: string,
): Promise<boolean> {
  try {
    const response = await fetch(
      urlFor(action === "cancel" ? config.cancelUrl : config.detailUrl, key),
      {
        method: action === "cancel" ? "POST" : "DELETE",
        headers: { "X-CSRFToken": config.csrfToken, Accept: "application/json" },
        credentials: "same-origin",
      },
    );
    return response.ok || response.status === 404;
  } catch {
    return false;
  }
}

/**
 * Sends `action` for every key not in `busy`, one after another (a burst of writes is what a
 * SQLite database answers with "database is locked"), holding them in `busy` meanwhile (a second
 * click does not send twice); resolves to whether every request worked.
 */
export async function sendActions(
  fetch: Fetch,
  config: CentreConfig,
  action: Action,
  keys: readonly string[],
  busy: Set<string>,
): Promise<boolean> {
  const free = keys.filter((key) => !busy.has(key));
  for (const key of free) {
    busy.add(key);
  }
  let worked = true;
  for (const key of free) {
    worked = (await sendAction(fetch, config, action, key)) && worked;
    busy.delete(key);
  }
  return worked;
}
