import type { ColumnErasure, ColumnSpec, OtherTableReason, TableSpec } from "./registry-types";

// Column shorthands: the registry reads as a table of decisions.
const fact = (exported = true): ColumnSpec => ({ personal: false, erase: { kind: "keep" }, export: exported });
const personal = (erase: ColumnErasure = { kind: "null" }): ColumnSpec => ({ personal: true, erase, export: true });
const set = (sqlExpression: string): ColumnSpec => ({ personal: false, erase: { kind: "set", sql: sqlExpression }, export: true });
const facts = (...names: string[]): Record<string, ColumnSpec> => Object.fromEntries(names.map((n) => [n, fact()]));

/** The demo generator's planted truth: numbers only, read by model evaluation, never by the product or an export. */
function generatorTruth(key: string, table: string, columns: string[]): TableSpec {
  return {
    key,
    table,
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["model_evaluation"],
    sources: ["derived"],
    rows: "keep",
    export: { kind: "excluded", reason: "generator_truth" },
    columns: facts("member_id", ...columns, "created_at"),
  };
}

/** Figures the product derives from a member's own data, one or more rows per member, kept on erasure. */
function derived(key: string, table: string, purposes: TableSpec["purposes"], orderBy: string, columns: TableSpec["columns"]): TableSpec {
  return { key, table, link: { kind: "column", column: "member_id" }, category: "first_party", purposes, sources: ["derived"], rows: "keep", export: { kind: "rows", orderBy }, columns };
}

/**
 * Every table that holds data about a member, declared once: where it comes from (category, sources), why
 * it is held (purposes), whether and how it is exported, and what erasure does to it. The export, the
 * erasure, the retention of inactive members and the data catalogue page all read this list, and
 * `registry.test.ts` fails when a table that references a member (or a column of one) is missing here.
 * A new table with a member_id column: add an entry (see docs/privacy.md).
 */
export const MEMBER_DATA: readonly TableSpec[] = [
  {
    key: "members",
    table: "members",
    link: { kind: "self" },
    category: "zero_party",
    purposes: ["membership", "loyalty", "marketing", "personalization"],
    sources: ["member", "pos", "online_shop", "app", "import", "api"],
    rows: "keep",
    export: { kind: "rows", orderBy: "id" },
    activity: "joined_at",
    columns: {
      ...facts("id", "locale", "home_store_id", "joined_at", "created_at"),
      // The printed member number is an identifier; unique, so it is nulled rather than replaced.
      external_id: personal(),
      email: personal(),
      phone: personal(),
      first_name: personal(),
      last_name: personal(),
      birth_date: personal(),
      postcode: personal(),
      city: personal(),
      // A country alone identifies nobody and keeps the per-country figures whole.
      country_code: fact(),
      status: set("'erased'"),
      updated_at: set("now()"),
    },
  },
  {
    key: "memberIdentities",
    table: "member_identities",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["membership", "loyalty"],
    sources: ["pos", "online_shop", "app", "social", "import", "api"],
    rows: "delete",
    export: { kind: "rows", orderBy: "kind, value" },
    columns: { ...facts("id", "member_id", "kind", "created_at"), value: personal() },
  },
  {
    key: "transactions",
    table: "transactions",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["loyalty", "analytics", "personalization", "legal"],
    sources: ["pos", "online_shop", "app", "import", "api"],
    rows: "keep",
    export: { kind: "rows", orderBy: "occurred_at, id" },
    activity: "occurred_at",
    columns: {
      ...facts("id", "member_id", "store_id", "channel", "kind", "original_transaction_id", "occurred_at", "currency"),
      ...facts("total_minor", "discount_minor", "item_count", "source", "prev_sale_at", "prev2_sale_at", "created_at"),
      // Senders often build receipt numbers from the card number.
      external_id: personal({ kind: "random_key" }),
    },
  },
  {
    key: "transactionLines",
    table: "transaction_lines",
    link: { kind: "parent", column: "transaction_id", parent: "transactions", parentKey: "id", parentMember: "member_id" },
    category: "first_party",
    purposes: ["loyalty", "analytics", "personalization"],
    sources: ["pos", "online_shop", "app", "import", "api"],
    rows: "keep",
    export: { kind: "rows", orderBy: "transaction_id, line_no" },
    columns: facts("transaction_id", "line_no", "product_id", "sku", "category_id", "quantity", "amount_minor", "discount_minor", "created_at"),
  },
  {
    key: "engagementEvents",
    table: "engagement_events",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["personalization", "analytics", "marketing"],
    sources: ["app", "online_shop", "email", "social", "pos", "api"],
    rows: "keep",
    export: { kind: "rows", orderBy: "occurred_at, id" },
    activity: "occurred_at",
    columns: {
      ...facts("id", "member_id", "channel", "type", "occurred_at", "source", "created_at"),
      // Senders put anything into properties; only keys known to be impersonal survive erasure.
      properties: personal({ kind: "keep_keys", keys: ["sku", "rating", "campaign"] }),
      external_id: personal({ kind: "random_key" }),
    },
  },
  derived("engagementMonthly", "engagement_monthly", ["personalization", "analytics"], "month, channel, type", facts("member_id", "month", "channel", "type", "events", "created_at", "updated_at")),
  {
    key: "consentEvents",
    table: "consent_events",
    link: { kind: "column", column: "member_id" },
    category: "zero_party",
    purposes: ["legal"],
    sources: ["member", "staff", "api", "import", "pos", "app"],
    rows: "keep",
    export: { kind: "rows", orderBy: "occurred_at, id" },
    columns: {
      ...facts("id", "member_id", "purpose", "status", "lawful_basis", "source", "actor_kind", "occurred_at", "created_at"),
      actor_id: fact(false),
    },
  },
  {
    key: "memberConsents",
    table: "member_consents",
    link: { kind: "column", column: "member_id" },
    category: "zero_party",
    purposes: ["marketing", "personalization", "analytics", "legal"],
    sources: ["derived"],
    rows: "keep",
    export: { kind: "rows", orderBy: "purpose" },
    columns: facts("member_id", "purpose", "status", "lawful_basis", "source", "occurred_at", "event_id", "created_at", "updated_at"),
  },
  {
    key: "auditLog",
    table: "audit_log",
    link: { kind: "audit_entity" },
    category: "first_party",
    purposes: ["security", "legal"],
    sources: ["staff", "api", "system"],
    // Append-only, and by rule free of personal values (recordAudit's contract): ids and field names only.
    rows: "keep",
    export: { kind: "rows", orderBy: "created_at, id" },
    columns: {
      ...facts("id", "actor_kind", "action", "entity_type", "entity_id", "before", "after", "created_at"),
      actor_id: fact(false),
      ip: fact(false),
    },
  },
  generatorTruth("truthMembers", "ground_truth.members", ["purchase_rate_per_year", "lapse_probability", "lapsed_at", "behaviour_group", "price_sensitivity"]),
  generatorTruth("truthOfferResponse", "ground_truth.offer_response", ["offer_type", "propensity"]),
  // Earn and burn (docs/loyalty.md). Ledgers keep their rows so balances and aggregates stay whole; free text
  // goes, and keys a sender may have built from a member number are replaced.
  {
    key: "pointsEntries",
    table: "points_entries",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["loyalty", "legal"],
    sources: ["pos", "online_shop", "app", "import", "api", "staff", "derived"],
    rows: "keep",
    export: { kind: "rows", orderBy: "created_at, id" },
    activity: "created_at",
    columns: {
      ...facts("id", "program_id", "member_id", "kind", "points", "transaction_id", "line_no", "lot_id", "redemption_id", "event_id", "rules", "created_at"),
      // An adjustment's reason is free text typed by staff.
      reason: personal(),
      actor_kind: fact(false),
      actor_id: fact(false),
    },
  },
  derived("pointsLots", "points_lots", ["loyalty"], "created_at, id", facts("id", "program_id", "member_id", "origin", "transaction_id", "event_id", "amount", "remaining", "status", "available_at", "expires_at", "created_at")),
  derived("memberPoints", "member_points", ["loyalty"], "program_id", facts("program_id", "member_id", "available", "pending", "debt", "lifetime_earned", "lifetime_redeemed", "tier_id", "tier_since", "created_at", "updated_at")),
  derived("memberTierHistory", "member_tier_history", ["loyalty"], "created_at, id", facts("id", "program_id", "member_id", "from_tier_id", "to_tier_id", "reason", "qualifying_amount", "created_at")),
  derived("tierProgress", "tier_progress", ["loyalty"], "month", facts("program_id", "member_id", "month", "points", "spend_minor", "created_at")),
  derived("earningCapUsage", "earning_cap_usage", ["loyalty"], "period_start, rule_id", facts("member_id", "rule_id", "period", "period_start", "points", "created_at")),
  {
    key: "campaignOffers",
    table: "campaign_recipients",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["marketing", "analytics"],
    sources: ["derived", "pos", "online_shop", "app", "api"],
    rows: "keep",
    export: { kind: "rows", orderBy: "send_at, id" },
    activity: "send_at",
    columns: {
      ...facts("id", "campaign_id", "run_id", "member_id", "control", "variant_id", "code", "send_at", "valid_until", "redeemed_at", "cost_minor", "created_at"),
      // The caller's receipt reference may embed the member number.
      redemption_reference: personal({ kind: "random_key" }),
    },
  },
  // Nothing rendered is stored (the text is made at sending and reading), so erasure has nothing to scrub here.
  derived("campaignMessages", "campaign_messages", ["marketing"], "created_at, id", facts("id", "recipient_id", "member_id", "channel", "locale", "status", "attempts", "next_attempt_at", "last_error", "sent_at", "read_at", "created_at")),
  {
    key: "redemptions",
    table: "redemptions",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["loyalty", "legal"],
    sources: ["pos", "online_shop", "app", "api", "staff"],
    rows: "keep",
    export: { kind: "rows", orderBy: "created_at, id" },
    activity: "created_at",
    columns: {
      ...facts("id", "program_id", "member_id", "reward_id", "points", "cost_minor", "cost_currency", "status", "code", "source"),
      ...facts("valid_until", "boost_factor", "boost_until", "used_at", "cancelled_at", "created_at"),
      // A sender's redemption id may embed the member number.
      external_id: personal({ kind: "random_key" }),
      actor_kind: fact(false),
      actor_id: fact(false),
    },
  },
  // Segmentation (docs/segments.md): features derived from the member's data, and saved segments' members.
  derived("memberFeatures", "member_features", ["personalization", "analytics", "marketing"], "member_id", {
    ...facts("member_id", "status", "home_store_id", "joined_at", "country_code", "locale", "has_email", "has_phone", "as_of", "refreshed_at", "purchases", "returns", "first_purchase_at", "last_purchase_at", "last_activity_at", "net_spend_minor", "sales_minor", "avg_basket_minor", "purchases_90d", "spend_90d_minor", "spend_prev_90d_minor", "spend_trend", "spend_365d_minor", "gap_mean_days", "gap_cv", "purchases_pos", "purchases_online", "purchases_app", "share_pos", "share_online", "share_app", "weekend_share", "usual_hour", "usual_weekday", "line_sales_minor", "last_engagement_at", "eng_app_30d", "eng_app_90d", "eng_web_30d", "eng_web_90d", "eng_email_30d", "eng_email_90d", "eng_social_30d", "eng_social_90d", "eng_pos_30d", "eng_pos_90d", "last_app_open_at", "last_app_signup_at", "last_page_view_at", "last_product_view_at", "last_email_open_at", "last_email_click_at", "last_social_like_at", "last_social_share_at", "last_review_at", "last_store_visit_at", "points_balance", "points_earned_90d", "points_redeemed_90d", "redemptions_90d", "tier"),
    // Copies of the profile, kept equal to members by triggers; erased with it.
    birth_date: personal(),
    city: personal(),
    postcode: personal(),
  }),
  // A copy of some member_features columns for fast segment counts, kept by triggers (docs/segments.md).
  derived("memberHotFeatures", "member_hot_features", ["personalization", "analytics", "marketing"], "member_id", {
    ...facts("member_id", "status", "home_store_id", "joined_at", "purchases", "purchases_90d", "purchases_pos", "purchases_online", "purchases_app", "net_spend_minor", "spend_90d_minor", "spend_365d_minor", "line_sales_minor", "last_purchase_at", "last_engagement_at", "last_app_open_at", "last_email_open_at", "points_balance"),
    birth_date: personal(),
  }),
  // The churn model's inputs, kept with member_features by the same writers (docs/churn.md, "Scoring").
  derived(
    "memberChurnFeatures",
    "member_churn_features",
    ["personalization", "analytics"],
    "member_id",
    facts(
      "member_id", "as_of", "purchases", "returns", "last_purchase_at", "sales_minor", "sales_in_currency", "purchases_90d", "purchases_prev_90d",
      "sales_90d_minor", "sales_90d_in_currency", "discount_minor", "gap_mean", "gap_sd", "gaps", "purchases_online", "purchases_app", "events",
      "events_30d", "events_60d", "events_90d", "last_event_at", "app_opens_60d", "last_app_open_at", "email_opens_90d", "events_since_sale",
      "events_to_sale", "events_60d_to_sale", "last_redemption_at", "redemptions_90d", "btyd_x", "btyd_tx", "btyd_first_day", "btyd_mean_repeat_minor",
      "btyd_repeats_valued",
    ),
  ),
  // The models' latest predictions about the member, as segments read them.
  derived("memberPredictions", "member_predictions", ["personalization", "marketing"], "member_id", facts("member_id", "churn_risk", "clv_minor", "redemption_propensity", "updated_at")),
  derived("memberCategoryFeatures", "member_category_features", ["personalization", "analytics", "marketing"], "category_id", facts("member_id", "category_id", "spend_minor", "share")),
  // Members whose features are to be recomputed; each row lives seconds (features.refresh_queued).
  derived("memberFeatureQueue", "member_feature_queue", ["personalization", "analytics", "marketing"], "id", facts("id", "member_id", "queued_at")),
  derived("segmentMembers", "segment_members", ["marketing", "analytics"], "segment_id", facts("segment_id", "member_id", "created_at")),
  // The latest AI micro-segment run's cluster of each member (docs/segments-ai.md).
  derived("clusterRunMembers", "cluster_run_members", ["marketing", "analytics"], "run_id", facts("run_id", "member_id", "cluster")),
  // Churn (docs/churn.md): each re-score's figures about the member, and staff contacting them about it.
  derived(
    "churnMemberScores",
    "churn_member_scores",
    ["personalization", "marketing"],
    "run_id",
    facts("run_id", "member_id", "churn_probability", "probability_alive", "expected_purchases", "clv_minor", "value_at_stake_minor", "risk_band", "reasons", "intervention"),
  ),
  {
    key: "churnContacts",
    table: "churn_contacts",
    link: { kind: "column", column: "member_id" },
    category: "first_party",
    purposes: ["marketing"],
    sources: ["staff", "derived"],
    rows: "keep",
    export: { kind: "rows", orderBy: "contacted_at, id" },
    columns: {
      ...facts("id", "member_id", "run_id", "churn_probability", "value_at_stake_minor", "intervention", "contacted_at", "outcome", "outcome_at", "created_at"),
      contacted_by: fact(false),
      outcome_by: fact(false),
      // Staff's own words about the member.
      note: personal(),
    },
  },
];

/**
 * Every other table, with why it holds nothing about a member. A table missing from both lists fails the
 * registry test, so a new table gets one deliberate line here or an entry above.
 */
export const OTHER_TABLES: Record<string, OtherTableReason> = {
  program_settings: "configuration",
  privacy_settings: "configuration",
  stores: "catalog",
  categories: "catalog",
  products: "catalog",
  sales_daily: "aggregate",
  staff_users: "staff",
  staff_user_stores: "staff",
  staff_password_tokens: "staff",
  login_attempts: "staff",
  revoked_sessions: "staff",
  loyalty_programs: "configuration",
  loyalty_tiers: "configuration",
  earning_rules: "configuration",
  earning_rule_versions: "configuration",
  rewards: "catalog",
  // Codes not yet issued; an issued code is copied onto the member's redemption.
  reward_codes: "catalog",
  // Which lot paid for which redemption, expiry or reversal: ids and point amounts only.
  lot_consumptions: "system",
  // Which lots had their "points expiring soon" webhook queued: lot ids only.
  points_expiry_notices: "system",
  member_feature_runs: "system",
  segments: "configuration",
  segment_snapshots: "aggregate",
  segment_snapshot_stores: "aggregate",
  // Cluster profiles (means over many members) and run settings.
  cluster_runs: "aggregate",
  // Churn models (their figures and trees, no member rows), re-score runs, and members per risk band and store.
  churn_model_runs: "system",
  churn_score_runs: "system",
  churn_score_bands: "aggregate",
  // The intervention policy's versions: rules over reasons and thresholds, and the staff member who saved each.
  churn_intervention_policies: "configuration",
  // Public API and scheduled work. Idempotency replays (members' ids and external ids in response bodies)
  // are deleted after 24 hours by a job; webhook payloads carry member ids, never profile fields.
  api_keys: "configuration",
  api_key_stores: "configuration",
  webhook_endpoints: "configuration",
  idempotency_keys: "system",
  webhook_deliveries: "system",
  jobs: "system",
  // CSV imports: the job and its report. import_errors.value keeps the rejected cell as it was in the file
  // (it can be a malformed e-mail address); it is not linked to a member, so erasure cannot find it.
  imports: "system",
  import_errors: "system",
  // Personalization models: coefficients and held-out figures, and products' neighbours (no member rows).
  personalization_models: "system",
  product_neighbours: "aggregate",
  // Campaigns: settings, offers, runs (counts and shares) and the learning allocation's posteriors.
  campaigns: "configuration",
  campaign_variants: "configuration",
  campaign_runs: "aggregate",
  campaign_allocations: "aggregate",
};

/** Schemas whose tables the registry test checks. */
export const REGISTRY_SCHEMAS = ["public", "ground_truth"] as const;

export function tableSpec(key: string): TableSpec | undefined {
  return MEMBER_DATA.find((t) => t.key === key);
}
