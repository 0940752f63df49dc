// Element roles and their classes: every element carries `dlw-<role>` plus the extra classes that
// `DLWIDGET["CSS_CLASSES"]` maps to its role (rendered into `data-classes`). Keep ROLES in step with
// `django_dlwidget/css_roles.py` (a test compares them).

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
  const map: ClassMap = {};
  try {
    const raw: unknown = JSON.parse(json || "{}");
    if (typeof raw === "object" && raw !== null) {
      for (const [role, value] of Object.entries(raw)) {
        if (isRole(role) && typeof value === "string") {
          map[role] = value;
        }
      }
    }
  } catch {
    // A broken attribute leaves the default classes.
  }
  return map;
}

export function classFor(role: Role, extra: ClassMap): string {
  const more = extra[role]?.trim();
  return more ? `dlw-${role} ${more}` : `dlw-${role}`;
}
