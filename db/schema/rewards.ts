import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { RewardValue } from "@/lib/loyalty/reward-types";
import { categories } from "./catalog";
import { auditActorKind, currency } from "./enums";
import { loyaltyPrograms } from "./loyalty";
import { members } from "./members";

export const rewardKind = pgEnum("reward_kind", ["amount_off", "percent_off", "free_product", "bogo", "points_multiplier", "event_invitation"]);
/** issued: the member holds the voucher; used: it was presented; cancelled: taken back, points refunded. */
export const redemptionStatus = pgEnum("redemption_status", ["issued", "used", "cancelled"]);

/** The rewards catalogue. Edits are audited, not versioned: a redemption copies what it needs (price, cost). */
export const rewards = pgTable(
  "rewards",
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => loyaltyPrograms.id),
    name: text().notNull(),
    description: text(),
    kind: rewardKind().notNull(),
    /** The category the offer is for ("20% off tea"); null = any purchase. Personalization reads it. */
    categoryId: uuid().references(() => categories.id),
    /** What the voucher is worth; its shape depends on kind (see lib/loyalty/reward-types.ts). */
    value: jsonb().$type<RewardValue>().notNull(),
    pointsPrice: integer().notNull(),
    /** What one redemption costs the brand, for return on investment. */
    costMinor: bigint({ mode: "number" }).notNull().default(0),
    costCurrency: currency().notNull(),
    /** Units left; null = unlimited. */
    stock: integer(),
    validFrom: timestamp({ withTimezone: true }),
    validTo: timestamp({ withTimezone: true }),
    /** How long an issued voucher stays usable; null = until the reward's validTo, or for ever. */
    voucherDays: integer(),
    /** Tiers whose members may redeem; empty = every member. */
    eligibleTierIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** Codes come from an imported pool (reward_codes) instead of being generated. */
    usesCodePool: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.programId),
    check("rewards_price", sql`${t.pointsPrice} > 0 and ${t.costMinor} >= 0 and (${t.stock} is null or ${t.stock} >= 0)`),
  ],
);

/** Imported voucher codes of a reward; a redemption takes the next unassigned one. */
export const rewardCodes = pgTable(
  "reward_codes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    rewardId: uuid()
      .notNull()
      .references(() => rewards.id),
    code: text().notNull().unique(),
    redemptionId: uuid().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reward_codes_free_idx").on(t.rewardId, t.id).where(sql`${t.redemptionId} is null`)],
);

export const redemptions = pgTable(
  "redemptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => loyaltyPrograms.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    rewardId: uuid()
      .notNull()
      .references(() => rewards.id),
    points: integer().notNull(),
    costMinor: bigint({ mode: "number" }).notNull(),
    costCurrency: currency().notNull(),
    status: redemptionStatus().notNull().default("issued"),
    /** The voucher code the member presents: generated (unguessable) or taken from the reward's pool. */
    code: text().notNull().unique(),
    /** The caller's idempotency key: the same (source, externalId) redeems once. */
    source: text().notNull(),
    externalId: text().notNull(),
    validUntil: timestamp({ withTimezone: true }),
    /** points_multiplier rewards: the factor on base points and until when it applies. */
    boostFactor: numeric({ precision: 8, scale: 4 }),
    boostUntil: timestamp({ withTimezone: true }),
    usedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    actorKind: auditActorKind().notNull(),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.source, t.externalId),
    index().on(t.rewardId, t.createdAt),
    index().on(t.programId, t.createdAt),
    index("redemptions_member_idx").on(t.memberId, t.createdAt),
    index("redemptions_boost_idx").on(t.memberId, t.boostUntil).where(sql`${t.boostUntil} is not null`),
    check("redemptions_points", sql`${t.points} > 0`),
  ],
);
