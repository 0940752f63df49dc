// Element roles and their classes: every element carries `dlw-<role>` plus the extra classes that
// `DLWIDGET["CSS_CLASSES"]` maps to its role (rendered into `data-classes`). Keep ROLES in step with
// `django_dlwidget/css_roles.py` (a test compares them).

import { parseStringMap, roleClass } from "../shared/data-map.js";

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

function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** Parses `data-classes`; unknown roles and non-string values are ignored. */
export function parseClassMap(json: string | undefined): ClassMap {
  return parseStringMap(json, isRole);
}

export function classFor(role: Role, extra: ClassMap): string {
  return roleClass(role, extra);
}
