// Uploads a form was rendered with: a Django form shown again with errors carries each finished
// upload's token forward. The widget renders them as a JSON list of {token, name} in the
// element's `data-pending` (names may hold any character, commas included), plus a visible
// "Uploaded: ..." line for pages without JavaScript, which the element replaces with its list.

export interface PendingUpload {
  readonly token: string;
  readonly name: string;
}

/** The list a `data-*` attribute holds as JSON; [] when it is missing, broken or not a list. */
function jsonList(json: string | undefined): unknown[] {
  try {
    const raw: unknown = JSON.parse(json || "[]");
    return Array.isArray(raw) ? raw : [];
  } catch {
    return [];
  }
}

function entryOf(raw: unknown): PendingUpload | null {
  if (typeof raw !== "object" || raw === null) {
    return null;
  }
  const { token, name } = raw as Record<string, unknown>;
  if (typeof token !== "string" || !token) {
    return null;
  }
  return { token, name: typeof name === "string" && name ? name : token.slice(0, 8) };
}

/** Parses `data-pending`; a broken attribute or entry without a token is skipped. */
export function parsePending(json: string | undefined): PendingUpload[] {
  return jsonList(json)
    .map(entryOf)
    .filter((entry): entry is PendingUpload => entry !== null);
}

/**
 * The pending uploads of `element`: its `data-pending`, or else (markup rendered by hand) the
 * bare tokens of the hidden input, named after their first characters. Removes the
 * server-rendered "Uploaded: ..." line, which the element's list replaces.
 */
export function takePending(element: HTMLElement, token: HTMLInputElement): PendingUpload[] {
  const line = element.querySelector("[data-dlw-pending]");
  line?.remove();
  if (element.dataset.pending !== undefined) {
    return parsePending(element.dataset.pending);
  }
  return token.value
    .split(/\s+/)
    .filter(Boolean)
    .map((value) => ({ token: value, name: value.slice(0, 8) }));
}

/** An upload the re-shown form refused: the file's name and the form's message. */
export interface RefusedUpload {
  readonly name: string;
  readonly error: string;
}

/** Parses `data-refused`; a broken attribute or an entry without a message is skipped. */
export function parseRefused(json: string | undefined): RefusedUpload[] {
  return jsonList(json).flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) {
      return [];
    }
    const { name, error } = entry as Record<string, unknown>;
    if (typeof error !== "string" || !error) {
      return [];
    }
    return [{ name: typeof name === "string" ? name : "", error }];
  });
}
