import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { RuleConditions } from "@/lib/loyalty/rule-types";
import { auditActorKind, currency } from "./enums";
import { members } from "./members";
import { stores } from "./stores";

export const pointsExpiryKind = pgEnum("points_expiry_kind", ["rolling_months", "fixed_date", "never"]);
/**
 * When a return takes back points that were already spent: `allow_negative` takes them from the member's
 * other available lots, then owes the rest (a negative balance that blocks redemption until paid back);
 * `write_off` takes what other lots hold and forgives the rest, so the balance never goes below zero.
 */
export const negativeBalancePolicy = pgEnum("negative_balance_policy", ["allow_negative", "write_off"]);
export const tierBasis = pgEnum("tier_basis", ["points", "spend"]);
/** At a review: move a member down to the tier they qualify for, one tier at most, or never. */
export const tierDowngradePolicy = pgEnum("tier_downgrade_policy", ["to_qualified", "one_step", "never"]);
export const tierChangeReason = pgEnum("tier_change_reason", ["upgrade", "review", "manual"]);
export const earningRuleKind = pgEnum("earning_rule_kind", ["base_rate", "multiplier", "bonus"]);
export const ruleCombine = pgEnum("rule_combine", ["stack", "best_of"]);
/** What awards a fixed bonus: a purchase (`basket`, `first_purchase`, `birthday_month`) or an engagement event. */
export const bonusTrigger = pgEnum("bonus_trigger", ["basket", "first_purchase", "birthday_month", "review", "social_share", "app_signup"]);
export const capPeriod = pgEnum("cap_period", ["day", "month", "year"]);

/**
 * A loyalty program: its policies, earning rules, tiers and rewards, and its members' balances. A
 * deployment runs one program (code `default`, made by the migration); further programs keep separate
 * ledgers (a second brand, or a test that needs policies of its own without touching the real program).
 */
export const loyaltyPrograms = pgTable("loyalty_programs", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** The currency of spend-based tier thresholds. */
  currency: currency().notNull().default("EUR"),
  /** Time zone of rules' day and time windows, caps' days and tier months; null: the program settings' zone. */
  timezone: text(),
  /** Where online and app receipts without a store code book; null: the only store of kind online. */
  onlineStoreId: uuid().references(() => stores.id),
  /** Days a purchase's points stay pending (returnable) before they can be spent; 0 = at once. */
  returnWindowDays: integer().notNull().default(14),
  expiryKind: pointsExpiryKind().notNull().default("rolling_months"),
  expiryMonths: integer().notNull().default(24),
  /** With expiryKind fixed_date: points earned before the end of this day expire then. */
  expiryDate: date({ mode: "string" }),
  negativeBalancePolicy: negativeBalancePolicy().notNull().default("allow_negative"),
  tierBasis: tierBasis().notNull().default("points"),
  /** Qualification counts the current calendar month and the months before it, this many in all. */
  tierWindowMonths: integer().notNull().default(12),
  /** Tiers are reviewed (downgrades) at the start of every period of this many months. */
  tierReviewMonths: integer().notNull().default(12),
  tierDowngradePolicy: tierDowngradePolicy().notNull().default("one_step"),
  /** The period boundary the last tier review covered. */
  tiersReviewedAt: timestamp({ withTimezone: true }),
  /** A campaign whose most possible reward cost (its budget, else recipients × dearest offer) exceeds this needs an admin's approval. */
  campaignApprovalMinor: bigint({ mode: "number" }).notNull().default(50_000),
  /** Bumped by every change of rules, tiers or policy: processes reload their cached configuration. */
  revision: bigint({ mode: "number" }).notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** An earning rule's identity; what it does lives in its versions. */
export const earningRules = pgTable(
  "earning_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => loyaltyPrograms.id),
    currentVersion: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.programId)],
);

/**
 * One version of a rule. Immutable (trigger, migration 0007): an edit writes version n + 1 and ledger entries
 * keep pointing at the version that made them. Archiving writes a version with `active` false.
 */
export const earningRuleVersions = pgTable(
  "earning_rule_versions",
  {
    ruleId: uuid()
      .notNull()
      .references(() => earningRules.id),
    version: integer().notNull(),
    programId: uuid()
      .notNull()
      .references(() => loyaltyPrograms.id),
    name: text().notNull(),
    kind: earningRuleKind().notNull(),
    active: boolean().notNull(),
    /** Higher first: picks the base rate when several match, breaks best-of ties, orders the explanation. */
    priority: integer().notNull().default(0),
    combine: ruleCombine().notNull().default("stack"),
    /** base_rate: points per currency unit (up to 4 decimals). */
    rate: numeric({ precision: 12, scale: 4 }),
    /** multiplier: the factor on the base points (2 = double points). */
    factor: numeric({ precision: 8, scale: 4 }),
    /** bonus: fixed points. */
    points: integer(),
    trigger: bonusTrigger(),
    capPerDay: integer(),
    capPerMonth: integer(),
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    conditions: jsonb().$type<RuleConditions>().notNull().default({}),
    actorKind: auditActorKind().notNull(),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.version] }), index().on(t.programId)],
);

export const loyaltyTiers = pgTable(
  "loyalty_tiers",
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => loyaltyPrograms.id),
    name: text().notNull(),
    /** 0 is the entry tier; higher ranks are better. */
    rank: integer().notNull(),
    /** Points, or spend in minor units of the program currency, over the window (program tierBasis). */
    threshold: bigint({ mode: "number" }).notNull(),
    /** Benefit: the factor on base points while in this tier (1 = none). */
    earningFactor: numeric({ precision: 8, scale: 4 }).notNull().default("1"),
    benefits: jsonb().$type<string[]>().notNull().default([]),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("loyalty_tiers_active_rank").on(t.programId, t.rank).where(sql`${t.active}`),
    check("loyalty_tiers_threshold", sql`${t.threshold} >= 0 and ${t.rank} >= 0`),
  ],
);

/**
 * A member's balance in a program, kept in the same transaction as every ledger entry (a test recounts it
 * from the ledger). `available` is what can be spent: the available lots' remaining points minus `debt`,
 * the points a return took back after they were spent (only under allow_negative; then no available lot
 * holds points). It is also the row every points writer locks the member by (see loyalty_lock_members).
 */
export const memberPoints = pgTable(
  "member_points",
  {
    programId: uuid()
      .notNull()
      .references(() => loyaltyPrograms.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    available: bigint({ mode: "number" }).notNull().default(0),
    pending: bigint({ mode: "number" }).notNull().default(0),
    debt: bigint({ mode: "number" }).notNull().default(0),
    /** Points earned (purchases and events) net of returns. */
    lifetimeEarned: bigint({ mode: "number" }).notNull().default(0),
    /** Points spent on rewards net of cancelled redemptions. */
    lifetimeRedeemed: bigint({ mode: "number" }).notNull().default(0),
    tierId: uuid().references(() => loyaltyTiers.id),
    tierSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.memberId] }),
    check("member_points_non_negative", sql`${t.pending} >= 0 and ${t.debt} >= 0`),
  ],
);

/** Qualifying points and spend per member and program-local calendar month (a sale's month, returns included). */
export const tierProgress = pgTable(
  "tier_progress",
  {
    /** No foreign key (see HOT_TABLE_KEYS in points.ts). */
    programId: uuid().notNull(),
    memberId: uuid().notNull(),
    month: date({ mode: "string" }).notNull(),
    points: bigint({ mode: "number" }).notNull().default(0),
    spendMinor: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.memberId, t.month] })],
);

export const memberTierHistory = pgTable(
  "member_tier_history",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** No foreign key (see HOT_TABLE_KEYS in points.ts). */
    programId: uuid().notNull(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    fromTierId: uuid().references(() => loyaltyTiers.id),
    toTierId: uuid().references(() => loyaltyTiers.id),
    reason: tierChangeReason().notNull(),
    qualifyingAmount: bigint({ mode: "number" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.programId, t.memberId, t.createdAt)],
);

/** Points a capped rule gave a member in a program-local day, month or year (caps and once-a-year bonuses). */
export const earningCapUsage = pgTable(
  "earning_cap_usage",
  {
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    ruleId: uuid()
      .notNull()
      .references(() => earningRules.id),
    period: capPeriod().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    points: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.ruleId, t.period, t.periodStart] })],
);
