// Element roles and their classes: every element carries `dlw-<role>` plus the extra classes that
// `DLWIDGET["CSS_CLASSES"]` maps to its role (rendered into `data-classes`). The roles come from
// the generated contract (`django_dlwidget/elements/contract.py` is their one source).

import { DOWNLOAD_CENTRE_ROLES } from "../shared/contract.js";
import { classMapParser, roleClass } from "../shared/data-map.js";

export const ROLES = DOWNLOAD_CENTRE_ROLES;

export type Role = (typeof ROLES)[number];
export type ClassMap = Partial<Record<Role, string>>;

/** Parses `data-classes`; unknown roles and non-string values are ignored. */
export const parseClassMap: (json: string | undefined) => ClassMap = classMapParser(ROLES);

export const classFor: (role: Role, extra: ClassMap) => string = roleClass;
