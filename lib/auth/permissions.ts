import type { StaffRole } from "@/db/schema/enums";

/**
 * The one permission matrix. Pages, server actions and route handlers all ask `can()`; the UI may hide
 * what a role cannot do, the server always refuses it. Store managers additionally see only their stores'
 * members (see `scopeOf`).
 */
export const PERMISSIONS = {
  "overview:view": ["admin", "marketer", "store_manager"],
  "members:view": ["admin", "marketer", "store_manager"],
  "members:export": ["admin", "marketer"],
  "settings:view": ["admin"],
  "staff:manage": ["admin"],
  "api_keys:manage": ["admin"],
  "rules:manage": ["admin"],
  // Earn and burn: everyone reads the program's rules, tiers and rewards; only admins change them.
  "loyalty:view": ["admin", "marketer", "store_manager"],
  "rewards:manage": ["admin"],
  "rewards:redeem": ["admin", "marketer", "store_manager"],
  "points:adjust": ["admin"],
  "imports:run": ["admin"],
  "api_docs:view": ["admin", "marketer"],
  // Segmentation.
  "segments:view": ["admin", "marketer", "store_manager"],
  "segments:manage": ["admin", "marketer"],
  // Churn and models.
  "churn:view": ["admin", "marketer", "store_manager"],
  "churn:contact": ["admin", "marketer", "store_manager"],
  // The at-risk list as CSV, within the caller's scope (a store manager's call list); audited.
  "churn:export": ["admin", "marketer", "store_manager"],
  // The intervention policy: which action the at-risk list suggests to whom (program configuration).
  "churn:policy": ["admin"],
  "models:view": ["admin", "marketer"],
  "models:run": ["admin", "marketer"],
  // Privacy: the data catalogue and consent figures; consent decisions; members' requests (export, erasure),
  // retention; corrections of a profile; the audit log.
  "privacy:view": ["admin", "marketer"],
  "privacy:manage": ["admin"],
  "privacy:requests": ["admin"],
  "consent:manage": ["admin", "marketer"],
  "members:rectify": ["admin", "marketer"],
  "audit:view": ["admin"],
  // Campaigns: everyone reads them and their results (aggregates only); marketers build and launch; a
  // campaign whose possible reward cost is above the program's threshold also needs an admin's approval.
  "campaigns:view": ["admin", "marketer", "store_manager"],
  "campaigns:manage": ["admin", "marketer"],
  "campaigns:launch": ["admin", "marketer"],
  "campaigns:approve": ["admin"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

/** Which members and stores a caller may reach: everything, or the listed stores only. */
export type Scope = { kind: "all" } | { kind: "stores"; storeIds: readonly string[] };

export interface StaffIdentity {
  id: string;
  role: StaffRole;
  storeIds: readonly string[];
}

export function scopeOf(staff: StaffIdentity): Scope {
  return staff.role === "store_manager" ? { kind: "stores", storeIds: staff.storeIds } : { kind: "all" };
}

/** Narrows a requested store filter to the caller's scope; a store outside it yields no stores at all. */
export function storesWithinScope(scope: Scope, requested: string | undefined): Scope {
  if (!requested) return scope;
  if (scope.kind === "all" || scope.storeIds.includes(requested)) return { kind: "stores", storeIds: [requested] };
  return { kind: "stores", storeIds: [] };
}
