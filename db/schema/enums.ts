import { pgEnum } from "drizzle-orm/pg-core";

export const staffRole = pgEnum("staff_role", ["admin", "marketer", "store_manager"]);
export const storeKind = pgEnum("store_kind", ["physical", "online"]);
/** Where a purchase happened: at a till, in the web shop, or in the app. */
export const salesChannel = pgEnum("sales_channel", ["pos", "online", "app"]);
export const transactionKind = pgEnum("transaction_kind", ["sale", "return"]);
export const memberStatus = pgEnum("member_status", ["active", "inactive", "erased"]);
/** The kinds of identifier a member is known by across channels. */
export const identityKind = pgEnum("identity_kind", [
  "loyalty_card",
  "online_account",
  "app_account",
  "email",
  "phone",
  "social",
  "external",
]);
export const engagementChannel = pgEnum("engagement_channel", ["app", "web", "email", "social", "pos"]);
export const engagementType = pgEnum("engagement_type", [
  "app_open",
  "app_signup",
  "page_view",
  "product_view",
  "email_open",
  "email_click",
  "social_like",
  "social_share",
  "review",
  "store_visit",
]);
/** ISO 4217 codes the program can book money in; amounts are always integer minor units. */
export const currency = pgEnum("currency", ["EUR", "USD", "GBP", "SEK", "PLN", "NOK", "DKK", "CHF", "AED", "SAR"]);
export const auditActorKind = pgEnum("audit_actor_kind", ["staff", "api_key", "system"]);
export const uiLocale = pgEnum("ui_locale", ["en", "de", "pl", "sv", "ar"]);

export type StaffRole = (typeof staffRole.enumValues)[number];
export type SalesChannel = (typeof salesChannel.enumValues)[number];
export type EngagementChannel = (typeof engagementChannel.enumValues)[number];
export type EngagementType = (typeof engagementType.enumValues)[number];
export type Currency = (typeof currency.enumValues)[number];
export type MemberStatus = (typeof memberStatus.enumValues)[number];
