// User-visible text. The widget renders Django's translated strings into `data-strings`
// (`django_dlwidget/uploads/context.py`); the English defaults of the generated contract cover an
// element created without it. Placeholders use Django's `%(name)s` syntax.

import { UPLOAD_STRINGS } from "../shared/contract.js";
import { stringsParser } from "../shared/data-map.js";

export { fill } from "../shared/data-map.js";

export type Strings = typeof UPLOAD_STRINGS;
export type StringKey = keyof Strings;

/** Parses `data-strings` over the defaults; unknown keys and non-strings are ignored. */
export const parseStrings: (json: string | undefined) => Strings = stringsParser(UPLOAD_STRINGS);
