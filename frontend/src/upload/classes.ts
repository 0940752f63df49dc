// Element roles and their classes: `dlw-<role>` plus the extra classes `DLWIDGET["CSS_CLASSES"]`
// maps to the role (rendered into `data-classes`). Keep ROLES in step with UPLOAD_ROLES in
// `django_dlwidget/css_roles.py` (a test compares them).

import { classMapParser, roleClass } from "../shared/data-map.js";

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

export const parseClassMap: (json: string | undefined) => ClassMap = classMapParser(ROLES);

export const classFor: (role: Role, extra: ClassMap) => string = roleClass;
