import type { FieldName } from "./catalogue";

/**
 * Where each catalogue field lives: member_features (alias `f`), or for the models' predictions the member's
 * row of member_predictions (`table: "predictions"`, alias `p`, compiled to an EXISTS by compile.ts). These
 * names are the only identifiers the compiler writes into SQL; every value goes in as a parameter.
 *
 * - `column`: the column itself, with its SQL type (integers get whole-number thresholds, so `purchases > 2.5`
 *   means `purchases >= 3` and stays on the column's index).
 * - `days_since`: whole days from a timestamp to now, computed at query time (exact whatever the refresh):
 *   compiled to a bound on the timestamp, so `recency_days >= 30` is `last_purchase_at <= now - 30 days`.
 * - `years_since`: whole years from a date to today (program time zone), compiled to a bound on the date.
 */
export type SqlType = "int" | "bigint" | "float8" | "timestamptz" | "text" | "bool" | "uuid" | "enum";
export type ColumnSpec =
  | { kind: "column"; column: string; type: SqlType; nullable: boolean; /** In member_predictions rather than member_features. */ table?: "predictions" }
  | { kind: "days_since"; column: string; nullable: boolean }
  | { kind: "years_since"; column: string };

const col = (column: string, type: SqlType, nullable = false): ColumnSpec => ({ kind: "column", column, type, nullable });
const prediction = (column: string, type: SqlType): ColumnSpec => ({ kind: "column", column, type, nullable: true, table: "predictions" });

export const COLUMNS: Record<FieldName, ColumnSpec> = {
  recency_days: { kind: "days_since", column: "last_purchase_at", nullable: true },
  purchases: col("purchases", "int"),
  returns: col("returns", "int"),
  net_spend: col("net_spend_minor", "bigint"),
  avg_basket: col("avg_basket_minor", "bigint", true),
  purchases_90d: col("purchases_90d", "int"),
  spend_90d: col("spend_90d_minor", "bigint"),
  spend_prev_90d: col("spend_prev_90d_minor", "bigint"),
  spend_trend: col("spend_trend", "float8", true),
  spend_365d: col("spend_365d_minor", "bigint"),
  gap_mean_days: col("gap_mean_days", "float8", true),
  gap_cv: col("gap_cv", "float8", true),
  first_purchase_at: col("first_purchase_at", "timestamptz", true),
  last_purchase_at: col("last_purchase_at", "timestamptz", true),
  purchases_pos: col("purchases_pos", "int"),
  purchases_online: col("purchases_online", "int"),
  purchases_app: col("purchases_app", "int"),
  share_pos: col("share_pos", "float8", true),
  share_online: col("share_online", "float8", true),
  share_app: col("share_app", "float8", true),
  weekend_share: col("weekend_share", "float8", true),
  usual_hour: col("usual_hour", "int", true),
  usual_weekday: col("usual_weekday", "int", true),
  days_since_engagement: { kind: "days_since", column: "last_engagement_at", nullable: true },
  last_engagement_at: col("last_engagement_at", "timestamptz", true),
  eng_app_30d: col("eng_app_30d", "int"),
  eng_app_90d: col("eng_app_90d", "int"),
  eng_web_30d: col("eng_web_30d", "int"),
  eng_web_90d: col("eng_web_90d", "int"),
  eng_email_30d: col("eng_email_30d", "int"),
  eng_email_90d: col("eng_email_90d", "int"),
  eng_social_30d: col("eng_social_30d", "int"),
  eng_social_90d: col("eng_social_90d", "int"),
  eng_pos_30d: col("eng_pos_30d", "int"),
  eng_pos_90d: col("eng_pos_90d", "int"),
  last_app_open_at: col("last_app_open_at", "timestamptz", true),
  last_app_signup_at: col("last_app_signup_at", "timestamptz", true),
  last_page_view_at: col("last_page_view_at", "timestamptz", true),
  last_product_view_at: col("last_product_view_at", "timestamptz", true),
  last_email_open_at: col("last_email_open_at", "timestamptz", true),
  last_email_click_at: col("last_email_click_at", "timestamptz", true),
  last_social_like_at: col("last_social_like_at", "timestamptz", true),
  last_social_share_at: col("last_social_share_at", "timestamptz", true),
  last_review_at: col("last_review_at", "timestamptz", true),
  last_store_visit_at: col("last_store_visit_at", "timestamptz", true),
  age: { kind: "years_since", column: "birth_date" },
  tenure_days: { kind: "days_since", column: "joined_at", nullable: false },
  joined_at: col("joined_at", "timestamptz"),
  home_store: col("home_store_id", "uuid", true),
  city: col("city", "text", true),
  country: col("country_code", "text", true),
  postcode: col("postcode", "text", true),
  language: col("locale", "enum", true),
  status: col("status", "enum"),
  has_email: col("has_email", "bool"),
  has_phone: col("has_phone", "bool"),
  points_balance: col("points_balance", "bigint", true),
  points_earned_90d: col("points_earned_90d", "bigint", true),
  points_redeemed_90d: col("points_redeemed_90d", "bigint", true),
  redemptions_90d: col("redemptions_90d", "int", true),
  tier: col("tier", "text", true),
  churn_risk: prediction("churn_risk", "float8"),
  clv: prediction("clv_minor", "bigint"),
  redemption_propensity: prediction("redemption_propensity", "float8"),
};
