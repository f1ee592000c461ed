import type { Permission } from "@/lib/auth/permissions";

/** The signed-in navigation: each entry shows only to roles that hold its permission. */
export const NAV_ITEMS = [
  { href: "/overview", labelKey: "overview", permission: "overview:view" },
  { href: "/members", labelKey: "members", permission: "members:view" },
  { href: "/segments", labelKey: "segments", permission: "segments:view" },
  { href: "/campaigns", labelKey: "campaigns", permission: "campaigns:view" },
  { href: "/loyalty/rules", labelKey: "loyaltyRules", permission: "loyalty:view" },
  { href: "/loyalty/tiers", labelKey: "loyaltyTiers", permission: "loyalty:view" },
  { href: "/loyalty/rewards", labelKey: "loyaltyRewards", permission: "loyalty:view" },
  { href: "/churn", labelKey: "churn", permission: "churn:view" },
  { href: "/models/churn", labelKey: "churnModel", permission: "models:view" },
  { href: "/models/personalization", labelKey: "personalizationModel", permission: "models:view" },
  { href: "/churn/policy", labelKey: "churnPolicy", permission: "models:view" },
  { href: "/privacy", labelKey: "privacy", permission: "privacy:view" },
  { href: "/audit", labelKey: "audit", permission: "audit:view" },
  { href: "/settings/staff", labelKey: "staff", permission: "staff:manage" },
  { href: "/settings/api-keys", labelKey: "apiKeys", permission: "api_keys:manage" },
  { href: "/settings/webhooks", labelKey: "webhooks", permission: "api_keys:manage" },
  { href: "/developers/api", labelKey: "apiDocs", permission: "api_docs:view" },
  { href: "/import", labelKey: "import", permission: "imports:run" },
] as const satisfies ReadonlyArray<{ href: string; labelKey: string; permission: Permission }>;

export type NavItem = (typeof NAV_ITEMS)[number];
