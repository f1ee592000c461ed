/**
 * The fields a segment condition can test, shared by the builder UI (pickers, units, labels) and by
 * validation. Pure data: no database or framework imports, so a client component can use it. The SQL each
 * field compiles to lives in lib/segments/columns.ts, keyed by the same names.
 *
 * Labels are message keys in messages/<locale>/segments.json under `fields.<name>`.
 */

// The enums of db/schema/enums.ts, repeated because this file must not pull drizzle into client bundles
// (rule.test.ts checks they agree).
export const ENGAGEMENT_CHANNELS = ["app", "web", "email", "social", "pos"] as const;
export const ENGAGEMENT_TYPES = [
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
] as const;
export const SALES_CHANNELS = ["pos", "online", "app"] as const;
export const MEMBER_STATUSES = ["active", "inactive"] as const;
export const LOCALES = ["en", "de", "pl", "sv", "ar"] as const;

export type FieldType = "number" | "money" | "share" | "date" | "choice" | "text" | "boolean";
export type FieldGroup = "purchases" | "channels" | "engagement" | "profile" | "loyalty" | "predictions";
export type FieldUnit = "count" | "days" | "hours" | "weekday" | "ratio" | "years" | "minor" | "share";
/** Where the value comes from; `loyalty` and `models` fields are null until those issues fill them. */
export type FieldSource = "features" | "profile" | "loyalty" | "models";

export interface FieldDef {
  name: string;
  type: FieldType;
  group: FieldGroup;
  source: FieldSource;
  unit?: FieldUnit;
  /** Inclusive bounds of a numeric value (money in minor units, shares 0..1, dates: days for within_last). */
  min?: number;
  max?: number;
  /** The field only takes whole numbers (a decimal in a condition is still answered correctly). */
  integer?: boolean;
  /** The values of a choice field, or where the UI loads them from. */
  options?: readonly string[];
  optionsFrom?: "stores";
  /** The field can be missing for a member (no purchase yet, not given, ...): is_null / is_not_null apply. */
  nullable: boolean;
}

const MONEY_MAX = 1_000_000_000_000; // 10 billion in major units: far above any member's spend, far below int64
const COUNT_MAX = 1_000_000;
const DAYS_MAX = 36_500;

const count = (name: string, group: FieldGroup, source: FieldSource = "features", nullable = false): FieldDef => ({
  name,
  type: "number",
  group,
  source,
  unit: "count",
  min: 0,
  max: COUNT_MAX,
  integer: true,
  nullable,
});
const money = (name: string, group: FieldGroup, nullable: boolean, source: FieldSource = "features", min = -MONEY_MAX): FieldDef => ({
  name,
  type: "money",
  group,
  source,
  unit: "minor",
  min,
  max: MONEY_MAX,
  integer: true,
  nullable,
});
const share = (name: string, group: FieldGroup, source: FieldSource = "features"): FieldDef => ({
  name,
  type: "share",
  group,
  source,
  unit: "share",
  min: 0,
  max: 1,
  nullable: true,
});
const days = (name: string, group: FieldGroup, source: FieldSource = "features"): FieldDef => ({
  name,
  type: "number",
  group,
  source,
  unit: "days",
  min: 0,
  max: DAYS_MAX,
  integer: true,
  nullable: true,
});
const date = (name: string, group: FieldGroup, source: FieldSource = "features", nullable = true): FieldDef => ({
  name,
  type: "date",
  group,
  source,
  unit: "days",
  min: 1,
  max: DAYS_MAX,
  nullable,
});

export const FIELDS = [
  // Purchases.
  days("recency_days", "purchases"),
  count("purchases", "purchases"),
  count("returns", "purchases"),
  money("net_spend", "purchases", false),
  money("avg_basket", "purchases", true, "features", 0),
  count("purchases_90d", "purchases"),
  money("spend_90d", "purchases", false),
  money("spend_prev_90d", "purchases", false),
  { name: "spend_trend", type: "number", group: "purchases", source: "features", unit: "ratio", min: 0, max: COUNT_MAX, nullable: true },
  money("spend_365d", "purchases", false),
  { name: "gap_mean_days", type: "number", group: "purchases", source: "features", unit: "days", min: 0, max: DAYS_MAX, nullable: true },
  { name: "gap_cv", type: "number", group: "purchases", source: "features", unit: "ratio", min: 0, max: 1000, nullable: true },
  date("first_purchase_at", "purchases"),
  date("last_purchase_at", "purchases"),
  // Channels and habits.
  ...SALES_CHANNELS.map((c) => count(`purchases_${c}`, "channels")),
  ...SALES_CHANNELS.map((c) => share(`share_${c}`, "channels")),
  share("weekend_share", "channels"),
  { name: "usual_hour", type: "number", group: "channels", source: "features", unit: "hours", min: 0, max: 23, integer: true, nullable: true },
  { name: "usual_weekday", type: "number", group: "channels", source: "features", unit: "weekday", min: 1, max: 7, integer: true, nullable: true },
  // Engagement.
  days("days_since_engagement", "engagement"),
  date("last_engagement_at", "engagement"),
  ...ENGAGEMENT_CHANNELS.flatMap((c) => [count(`eng_${c}_30d`, "engagement"), count(`eng_${c}_90d`, "engagement")]),
  ...ENGAGEMENT_TYPES.map((t) => date(`last_${t}_at`, "engagement")),
  // Profile.
  { name: "age", type: "number", group: "profile", source: "profile", unit: "years", min: 0, max: 150, integer: true, nullable: true },
  { name: "tenure_days", type: "number", group: "profile", source: "profile", unit: "days", min: 0, max: DAYS_MAX, integer: true, nullable: false },
  date("joined_at", "profile", "profile", false),
  { name: "home_store", type: "choice", group: "profile", source: "profile", optionsFrom: "stores", nullable: true },
  { name: "city", type: "text", group: "profile", source: "profile", nullable: true },
  { name: "country", type: "text", group: "profile", source: "profile", nullable: true },
  { name: "postcode", type: "text", group: "profile", source: "profile", nullable: true },
  { name: "language", type: "choice", group: "profile", source: "profile", options: LOCALES, nullable: true },
  { name: "status", type: "choice", group: "profile", source: "profile", options: MEMBER_STATUSES, nullable: false },
  { name: "has_email", type: "boolean", group: "profile", source: "profile", nullable: false },
  { name: "has_phone", type: "boolean", group: "profile", source: "profile", nullable: false },
  // Loyalty (points ledger, tiers, redemptions): null until the loyalty issue fills them.
  { ...count("points_balance", "loyalty", "loyalty", true), min: -COUNT_MAX * 1000, max: COUNT_MAX * 1000 },
  { ...count("points_earned_90d", "loyalty", "loyalty", true), max: COUNT_MAX * 1000 },
  { ...count("points_redeemed_90d", "loyalty", "loyalty", true), max: COUNT_MAX * 1000 },
  count("redemptions_90d", "loyalty", "loyalty", true),
  { name: "tier", type: "text", group: "loyalty", source: "loyalty", nullable: true },
  // Predictions: written by the models issue's scoring runs.
  share("churn_risk", "predictions", "models"),
  money("clv", "predictions", true, "models"),
  share("redemption_propensity", "predictions", "models"),
] as const satisfies readonly FieldDef[];

export type FieldName = (typeof FIELDS)[number]["name"];

const BY_NAME: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.name, f as FieldDef]));

export function fieldByName(name: string): FieldDef | undefined {
  return BY_NAME.get(name);
}

/** The operators each field type takes, in the order the builder offers them. */
export const OPERATORS = {
  number: ["gt", "gte", "lt", "lte", "eq", "ne", "between", "is_null", "is_not_null"],
  money: ["gt", "gte", "lt", "lte", "eq", "ne", "between", "is_null", "is_not_null"],
  share: ["gte", "gt", "lte", "lt", "eq", "ne", "between", "is_null", "is_not_null"],
  date: ["within_last", "before", "after", "is_null", "is_not_null"],
  choice: ["in", "not_in", "is_null", "is_not_null"],
  text: ["eq", "ne", "in", "not_in", "contains", "starts_with", "is_null", "is_not_null"],
  boolean: ["is_true", "is_false"],
} as const satisfies Record<FieldType, readonly string[]>;

export type Operator = (typeof OPERATORS)[FieldType][number];
export const NULL_OPERATORS = ["is_null", "is_not_null"] as const;

/** Limits that keep a rule's SQL small enough to plan quickly. */
export const RULE_LIMITS = {
  depth: 8,
  conditions: 100,
  groupSize: 50,
  listValues: 100,
  textLength: 200,
  segmentDepth: 5,
  eventTimes: 1000,
  eventDays: 3650,
} as const;
