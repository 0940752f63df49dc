// Element roles and their classes: `dlw-<role>` plus the extra classes `DLWIDGET["CSS_CLASSES"]`
// maps to the role (rendered into `data-classes`). Keep ROLES in step with UPLOAD_ROLES in
// `django_dlwidget/css_roles.py` (a test compares them).

import { parseStringMap, roleClass } from "../shared/data-map.js";

export const ROLES = [
  "upload",
  "upload-hint",
  "upload-current",
  "upload-list",
  "upload-item",
  "upload-name",
  "upload-status",
  "upload-progress",
  "upload-bar",
  "upload-actions",
  "upload-button",
  "upload-error",
  "upload-notice",
] as const;

export type Role = (typeof ROLES)[number];
export type ClassMap = Partial<Record<Role, string>>;

function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

export function parseClassMap(json: string | undefined): ClassMap {
  return parseStringMap(json, isRole);
}

export function classFor(role: Role, extra: ClassMap): string {
  return roleClass(role, extra);
}
