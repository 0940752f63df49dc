// Element roles and their classes: `dlw-<role>` plus the extra classes `DLWIDGET["CSS_CLASSES"]`
// maps to the role (rendered into `data-classes`). The roles come from the generated contract
// (`django_dlwidget/elements/contract.py` is their one source).

import { UPLOAD_ROLES } from "../shared/contract.js";
import { classMapParser, roleClass } from "../shared/data-map.js";

export type Role = (typeof UPLOAD_ROLES)[number];
export type ClassMap = Partial<Record<Role, string>>;

/** Parses `data-classes`; unknown roles and non-string values are ignored. */
export const parseClassMap: (json: string | undefined) => ClassMap = classMapParser(UPLOAD_ROLES);

export const classFor: (role: Role, extra: ClassMap) => string = roleClass;
