// User-visible text. The template tag renders the translated strings into `data-strings` (Django
// i18n); these English defaults cover an element created without it. Placeholders use Django's
// `%(name)s` syntax so translators see the usual python-format strings.

import { CENTRE_STRINGS } from "../shared/contract.js";
import { fill, stringsParser } from "../shared/data-map.js";

/** The English defaults, from the generated contract. */
export const DEFAULT_STRINGS = CENTRE_STRINGS;

export type Strings = typeof DEFAULT_STRINGS;
export type StringKey = keyof Strings;

/** Parses `data-strings` over the defaults; unknown keys and non-strings are ignored. */
export const parseStrings: (json: string | undefined) => Strings = stringsParser(DEFAULT_STRINGS);

/** Fills `%(name)s`. */
export function withName(template: string, name: string): string {
  return fill(template, { name });
}
