import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { categories } from "./catalog";
import { memberStatus, uiLocale } from "./enums";
import { members } from "./members";
import { stores } from "./stores";

const money = (name?: string) => (name ? bigint(name, { mode: "number" }) : bigint({ mode: "number" }));
const count = (name?: string) => (name ? integer(name) : integer()).notNull().default(0);
const at = () => timestamp({ withTimezone: true });

/**
 * One row per member: what segments, the churn model and the member 360 page ask about a member, computed by
 * the point-in-time extraction in db/queries/features (docs/segments.md lists every column's definition).
 *
 * Three kinds of column, kept current three ways:
 * - profile copies (status .. has_phone): written by triggers on `members` in the same transaction as the
 *   change (migration add_member_features), so scope and profile conditions are always exact and a segment
 *   count reads this one table. A member gets a row the moment they are inserted.
 * - behaviour (purchases .. last_store_visit_at): recomputed for the members a receipt or event concerns, at
 *   merge time (`refreshMemberFeatures`). Times such as `last_purchase_at` are exact; counts over a window
 *   ending "now" (`spend_90d_minor`, `eng_app_30d`, ...) are exact as of `as_of`, and made current for every
 *   member by the daily `refreshWindowedMemberFeatures`.
 * - placeholders for the loyalty issue (points_balance .. tier): nullable, null until their source lands.
 * The models' predictions (churn risk, CLV, redemption propensity) are in member_predictions, a narrow table
 * of their own: a re-score rewrites every member's, and here that would rewrite every wide row and its indexes.
 * Money is in the program currency only (receipts in other currencies are left out), integer minor units.
 */
export const memberFeatures = pgTable(
  "member_features",
  {
    memberId: uuid()
      .primaryKey()
      .references(() => members.id, { onDelete: "cascade" }),
    // Profile copies (triggers on members).
    status: memberStatus().notNull(),
    homeStoreId: uuid().references(() => stores.id),
    joinedAt: at().notNull(),
    birthDate: date({ mode: "string" }),
    city: text(),
    countryCode: text(),
    postcode: text(),
    locale: uiLocale(),
    hasEmail: boolean().notNull().default(false),
    hasPhone: boolean().notNull().default(false),
    /** The instant the behaviour columns were computed as of (data with occurred_at < as_of); null: never computed. */
    asOf: at(),
    /** Database clock time of the last write of the behaviour columns. */
    refreshedAt: at().notNull().defaultNow(),
    // Purchases: sales and returns of the member before as_of.
    purchases: count(),
    returns: count(),
    firstPurchaseAt: at(),
    lastPurchaseAt: at(),
    /** Latest receipt (sale or return) or engagement event: rows with activity inside their windows need the daily refresh. */
    lastActivityAt: at(),
    /** Sales plus returns (returns are negative). */
    netSpendMinor: money().notNull().default(0),
    salesMinor: money().notNull().default(0),
    /** Sales divided by sale receipts, rounded; null before the first sale in the program currency. */
    avgBasketMinor: money(),
    purchases90d: count("purchases_90d"),
    spend90dMinor: money("spend_90d_minor").notNull().default(0),
    spendPrev90dMinor: money("spend_prev_90d_minor").notNull().default(0),
    /** spend_90d / spend_prev_90d; null when the previous 90 days' net spend is not positive. */
    spendTrend: doublePrecision(),
    spend365dMinor: money("spend_365d_minor").notNull().default(0),
    /** Mean days between consecutive sales (two sales or more). */
    gapMeanDays: doublePrecision(),
    /** Coefficient of variation (population sd / mean) of the days between sales (three sales or more, mean > 0). */
    gapCv: doublePrecision(),
    purchasesPos: count(),
    purchasesOnline: count(),
    purchasesApp: count(),
    sharePos: doublePrecision(),
    shareOnline: doublePrecision(),
    shareApp: doublePrecision(),
    weekendShare: doublePrecision(),
    /** Most frequent local hour (0-23) and ISO weekday (1 = Monday) of sales; ties go to the smallest. */
    usualHour: smallint(),
    usualWeekday: smallint(),
    /** Sale-line spend: the denominator of member_category_features.share. */
    lineSalesMinor: money().notNull().default(0),
    // Engagement.
    lastEngagementAt: at(),
    engApp30d: count("eng_app_30d"),
    engApp90d: count("eng_app_90d"),
    engWeb30d: count("eng_web_30d"),
    engWeb90d: count("eng_web_90d"),
    engEmail30d: count("eng_email_30d"),
    engEmail90d: count("eng_email_90d"),
    engSocial30d: count("eng_social_30d"),
    engSocial90d: count("eng_social_90d"),
    engPos30d: count("eng_pos_30d"),
    engPos90d: count("eng_pos_90d"),
    lastAppOpenAt: at(),
    lastAppSignupAt: at(),
    lastPageViewAt: at(),
    lastProductViewAt: at(),
    lastEmailOpenAt: at(),
    lastEmailClickAt: at(),
    lastSocialLikeAt: at(),
    lastSocialShareAt: at(),
    lastReviewAt: at(),
    lastStoreVisitAt: at(),
    // Placeholders: the loyalty issue (points ledger, tiers, redemptions) fills these in the extraction.
    pointsBalance: bigint({ mode: "number" }),
    pointsEarned90d: bigint("points_earned_90d", { mode: "number" }),
    pointsRedeemed90d: bigint("points_redeemed_90d", { mode: "number" }),
    redemptions90d: integer("redemptions_90d"),
    tier: text(),
  },
  (t) => {
    // Segment counts never look at erased members: every index is partial on that, so it serves them directly.
    // Indexes are for conditions that are usually selective (high spend, recent activity, a churn band);
    // broad ones ("3 purchases or more" holds for most members) are cheaper as one scan of the table.
    const live = sql`${t.status} <> 'erased'`;
    return [
      index("member_features_store_idx").on(t.homeStoreId).where(live),
      index("member_features_spend_90d_idx").on(t.spend90dMinor).where(live),
      index("member_features_net_spend_idx").on(t.netSpendMinor).where(live),
      index("member_features_last_purchase_idx").on(t.lastPurchaseAt).where(live),
      index("member_features_last_engagement_idx").on(t.lastEngagementAt).where(live),
      index("member_features_last_app_open_idx").on(t.lastAppOpenAt).where(live),
      index("member_features_joined_idx").on(t.joinedAt).where(live),
      index("member_features_birth_date_idx").on(t.birthDate).where(live),
      // "Never bought online" is purchases_online = 0 for most members: the index is on the minority who did.
      index("member_features_online_idx").on(t.shareOnline).where(sql`${live} and ${t.purchasesOnline} > 0`),
    ];
  },
);

/**
 * The member_features columns that segment conditions use most (scope, profile dates, the RFM figures,
 * channels, engagement recency, points), copied row by row: a live count whose rule and scope read only
 * these columns scans this table instead of the wide one (lib/segments/hot-columns.ts). At 1M members it is
 * about a quarter of member_features' pages, and a 3-condition count reads 80 ms instead of 220 (docs/segments.md,
 * "Counts and profile").
 *
 * Kept by statement triggers on member_features in the same transaction as every write there (migration
 * add_member_hot_features_triggers), so it is never behind. No index but the key: counts scan it whole (a
 * parallel scan of ~150 MB), and updates stay HOT. No foreign key, as member_predictions (members are never
 * deleted; a member_features row goes with its member, and its trigger removes the copy).
 */
export const memberHotFeatures = pgTable("member_hot_features", {
  memberId: uuid().primaryKey(),
  status: memberStatus().notNull(),
  homeStoreId: uuid(),
  joinedAt: at().notNull(),
  birthDate: date({ mode: "string" }),
  purchases: count(),
  purchases90d: count("purchases_90d"),
  purchasesPos: count(),
  purchasesOnline: count(),
  purchasesApp: count(),
  netSpendMinor: money().notNull().default(0),
  spend90dMinor: money("spend_90d_minor").notNull().default(0),
  spend365dMinor: money("spend_365d_minor").notNull().default(0),
  lineSalesMinor: money().notNull().default(0),
  lastPurchaseAt: at(),
  lastEngagementAt: at(),
  lastAppOpenAt: at(),
  lastEmailOpenAt: at(),
  pointsBalance: bigint({ mode: "number" }),
});

/**
 * Each member's share of sale-line spend per category (categories are data, not a closed set, so a row per
 * member and category rather than a column each). The (category_id, share) index answers "share of X at
 * least v" as one index range; a member with no row has share 0 in that category (null when they have no
 * sale-line spend at all, see member_features.line_sales_minor).
 */
export const memberCategoryFeatures = pgTable(
  "member_category_features",
  {
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    spendMinor: money().notNull(),
    share: doublePrecision().notNull(),
  },
  // member_id rides along in the index, so "share of X at least v" is answered by an index-only scan.
  (t) => [primaryKey({ columns: [t.memberId, t.categoryId] }), index("member_category_features_share_idx").on(t.categoryId, t.share, t.memberId)],
);

export const featureRunKind = pgEnum("feature_run_kind", ["rebuild", "windowed"]);

/** Set-based refreshes of member_features: when they ran, as of when, and how many rows they changed. */
export const memberFeatureRuns = pgTable("member_feature_runs", {
  id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
  kind: featureRunKind().notNull(),
  asOf: at().notNull(),
  members: integer().notNull(),
  changed: integer().notNull(),
  elapsedMs: integer().notNull(),
  createdAt: at().notNull().defaultNow(),
});

/**
 * Members whose features are out of date: a statement-level trigger on transactions, points_entries and
 * engagement_events appends their ids (migration 0016), and the `features.refresh_queued` job recomputes
 * them a few seconds later and deletes the rows it took (db/queries/features/queue.ts). Append-only with no
 * unique key, so ingestion never waits for the job; a member queued twice is refreshed once. No foreign key:
 * an index probe per ingested row for a row that lives seconds.
 */
export const memberFeatureQueue = pgTable(
  "member_feature_queue",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid().notNull(),
    queuedAt: at().notNull().defaultNow(),
  },
);

/**
 * The churn model's inputs per member, kept current with member_features by the same writers (the
 * ingestion refresh, the daily windowed refresh and the rebuild, db/queries/features/refresh.ts), so that a
 * re-score reads one row per member instead of re-aggregating every receipt and event
 * (db/queries/churn-score-input.ts). The columns are the aggregates of the point-in-time extraction's `tx`,
 * `ev_churn`, `rd` and BTYD purchase-day CTEs as of `as_of` (db/queries/features/sql.ts, churnInputColumns):
 * raw counts, sums and times, not the model's features, which are relative to the scoring instant and
 * computed from these by the same SQL as the extraction's (churnColumns). Counts over windows ending "now"
 * are exact as of `as_of`, as in member_features. Money in the program currency, integer minor units.
 */
export const memberChurnFeatures = pgTable("member_churn_features", {
  memberId: uuid()
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  asOf: at().notNull(),
  // Receipts (the `tx` aggregates the churn columns read).
  purchases: count(),
  returns: count(),
  lastPurchaseAt: at(),
  salesMinor: money().notNull().default(0),
  salesInCurrency: count(),
  purchases90d: count("purchases_90d"),
  purchasesPrev90d: count("purchases_prev_90d"),
  sales90dMinor: money("sales_90d_minor").notNull().default(0),
  sales90dInCurrency: count("sales_90d_in_currency"),
  discountMinor: money().notNull().default(0),
  gapMean: doublePrecision(),
  gapSd: doublePrecision(),
  gaps: count(),
  purchasesOnline: count(),
  purchasesApp: count(),
  // Engagement, counted against the last purchase and in windows (`ev_churn`).
  events: count(),
  events30d: count("events_30d"),
  events60d: count("events_60d"),
  events90d: count("events_90d"),
  lastEventAt: at(),
  appOpens60d: count("app_opens_60d"),
  lastAppOpenAt: at(),
  emailOpens90d: count("email_opens_90d"),
  eventsSinceSale: count(),
  eventsToSale: count(),
  events60dToSale: count("events_60d_to_sale"),
  // Redemptions (`rd`).
  lastRedemptionAt: at(),
  redemptions90d: count("redemptions_90d"),
  // BTYD purchase days (UTC days with a sale): x = days after the first, t_x in weeks, the first day, and the
  // mean value of the repeat days in the program currency (null: none valued).
  btydX: count(),
  btydTx: doublePrecision(),
  btydFirstDay: at(),
  btydMeanRepeatMinor: doublePrecision(),
  btydRepeatsValued: count(),
});

/**
 * Each member's latest predictions, one row per member who has one: what segments read as churn_risk, clv
 * and redemption_propensity (lib/segments/columns.ts) and what a re-score rewrites for up to every member
 * (db/queries/churn-score.ts). No row, or a null, means no prediction: the member never bought, objected
 * to profiling or was erased.
 *
 * Built for that rewrite (docs/segments.md, "Predictions"): narrow; no index but the key, so an update is
 * HOT (no index entry written), with half of each page left free for the new versions (fillfactor 50,
 * migration 0027); and no foreign key, whose check would lock each member's row (members are never
 * deleted: erasure pseudonymizes in place). At 1M members an update of every row took 2.9 s this way, 13 s with
 * the two value indexes it had first. Segment conditions on a prediction read it by a scan of this table
 * (tens of MB) joined to member_features, which broad conditions did with the indexes too.
 */
export const memberPredictions = pgTable("member_predictions", {
  memberId: uuid().primaryKey(),
  /** Probability of no purchase in the churn horizon, from the latest score run. */
  churnRisk: doublePrecision(),
  /** CLV over the next 12 months, program currency, minor units. */
  clvMinor: money(),
  /** The highest redemption propensity over the program's current offers (db/queries/offer-propensity-scores.ts). */
  redemptionPropensity: doublePrecision(),
  updatedAt: at().notNull(),
});
