// Parsing of the JSON objects that the template tags render into data-* attributes
// (`data-classes`, `data-strings`): only known keys with string values are kept, and a broken
// attribute yields an empty map so the element falls back to its defaults.

export function parseStringMap<K extends string>(
  json: string | undefined,
  isKey: (key: string) => key is K,
): Partial<Record<K, string>> {
  const map: Partial<Record<K, string>> = {};
  try {
    const raw: unknown = JSON.parse(json || "{}");
    if (typeof raw === "object" && raw !== null) {
      for (const [key, value] of Object.entries(raw)) {
        if (isKey(key) && typeof value === "string") {
          map[key] = value;
        }
      }
    }
  } catch {
    // A broken attribute leaves the defaults.
  }
  return map;
}

/** A parser for `data-classes` that keeps only the given roles. */
export function classMapParser<R extends string>(
  roles: readonly R[],
): (json: string | undefined) => Partial<Record<R, string>> {
  const isRole = (name: string): name is R => (roles as readonly string[]).includes(name);
  return (json) => parseStringMap(json, isRole);
}

/** A parser for `data-strings` that fills in the defaults and ignores unknown keys. */
export function stringsParser<S extends Record<string, string>>(
  defaults: S,
): (json: string | undefined) => S {
  const isKey = (key: string): key is Extract<keyof S, string> => Object.hasOwn(defaults, key);
  return (json) => ({ ...defaults, ...parseStringMap(json, isKey) });
}

/** `dlw-<role>` plus the extra classes mapped to that role. */
export function roleClass<R extends string>(role: R, extra: Partial<Record<R, string>>): string {
  const more = extra[role]?.trim();
  return more ? `dlw-${role} ${more}` : `dlw-${role}`;
}

/** Fills `%(key)s` placeholders (function replacements, so `$&` in a value stays literal). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/%\((\w+)\)s/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}
