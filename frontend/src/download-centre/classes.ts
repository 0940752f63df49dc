// Element roles and their classes: every element carries `dlw-<role>` plus the extra classes that
// `DLWIDGET["CSS_CLASSES"]` maps to its role (rendered into `data-classes`). Keep ROLES in step with
// `django_dlwidget/css_roles.py` (a test compares them).

import { classMapParser, roleClass } from "../shared/data-map.js";

export const ROLES = [
  "toggle",
  "badge",
  "menu",
  "list",
  "item",
  "name",
  "time",
  "status",
  "progress",
  "bar",
  "error",
  "actions",
  "cancel",
  "clear",
  "link",
  "empty",
] as const;

export type Role = (typeof ROLES)[number];
export type ClassMap = Partial<Record<Role, string>>;

/** Parses `data-classes`; unknown roles and non-string values are ignored. */
export const parseClassMap: (json: string | undefined) => ClassMap = classMapParser(ROLES);

export const classFor: (role: Role, extra: ClassMap) => string = roleClass;
