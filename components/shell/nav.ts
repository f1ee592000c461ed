import type { Permission } from "@/lib/auth/permissions";

/** The signed-in navigation: each entry shows only to roles that hold its permission. */
export const NAV_ITEMS = [
  { href: "/overview", labelKey: "overview", permission: "overview:view" },
  { href: "/members", labelKey: "members", permission: "members:view" },
  { href: "/import", labelKey: "import", permission: "imports:run" },
] as const satisfies ReadonlyArray<{ href: string; labelKey: string; permission: Permission }>;

export type NavItem = (typeof NAV_ITEMS)[number];
