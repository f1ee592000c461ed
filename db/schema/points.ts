import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { LineRuleShare } from "@/lib/loyalty/rule-types";
import { auditActorKind } from "./enums";
import { engagementEvents } from "./events";
import { transactions } from "./transactions";

/**
 * HOT_TABLE_KEYS: the rows a receipt writes (lots, ledger entries, tier progress) carry their program,
 * member and lot ids without foreign keys. Each key costs an index probe per inserted row on the hottest
 * path (measured: the keys took a third of a 1,000-receipt batch's write), and these ids are read from the
 * database in the same transaction that writes them: programs and members are never deleted (erasure
 * blanks a member's personal data) and lots never (a trigger refuses it). Ledger entries carry none; a
 * lot keeps its keys to its receipt or event, which refuse deleting a receipt that points are booked on.
 */
export const pointsEntryKind = pgEnum("points_entry_kind", ["earn", "redeem", "expire", "adjust", "reverse"]);
export const pointsLotStatus = pgEnum("points_lot_status", ["pending", "available"]);
/** What a lot was made from: a purchase, an engagement event's bonus, an admin adjustment or a cancelled redemption's refund. */
export const pointsLotOrigin = pgEnum("points_lot_origin", ["purchase", "event", "adjustment", "refund"]);
/** Why points left a lot; `settle` pays back points owed (debt) from points that became available. */
export const lotConsumptionKind = pgEnum("lot_consumption_kind", ["redeem", "expire", "reverse", "adjust", "settle"]);

/**
 * Points from one earning (a receipt, an event bonus, a positive adjustment, a refund), spent and expired
 * lot by lot. `remaining` never leaves [0, amount]; what left the lot is in lot_consumptions.
 */
export const pointsLots = pgTable(
  "points_lots",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** No foreign key (see HOT_TABLE_KEYS). */
    programId: uuid().notNull(),
    memberId: uuid().notNull(),
    origin: pointsLotOrigin().notNull(),
    transactionId: bigint({ mode: "number" }).references(() => transactions.id),
    eventId: bigint({ mode: "number" }).references(() => engagementEvents.id),
    amount: integer().notNull(),
    remaining: integer().notNull(),
    status: pointsLotStatus().notNull(),
    availableAt: timestamp({ withTimezone: true }).notNull(),
    /** Null: never expires. */
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("points_lots_remaining", sql`${t.amount} > 0 and ${t.remaining} between 0 and ${t.amount}`),
    index("points_lots_open_idx").on(t.memberId, t.programId, t.expiresAt).where(sql`${t.remaining} > 0`),
    index("points_lots_pending_idx").on(t.availableAt).where(sql`${t.status} = 'pending'`),
    index("points_lots_expiry_idx").on(t.expiresAt).where(sql`${t.remaining} > 0`),
    uniqueIndex("points_lots_transaction_idx").on(t.transactionId).where(sql`${t.transactionId} is not null`),
    uniqueIndex("points_lots_event_idx").on(t.eventId).where(sql`${t.eventId} is not null`),
  ],
);

/**
 * The ledger: append-only (trigger, migration 0007). A member's balance is the sum of their entries. Purchase
 * points are booked one entry per receipt line (plus one per basket bonus, line_no null) with the rule
 * versions that made them in `rules`; a return books one reverse entry per returned line.
 */
export const pointsEntries = pgTable(
  "points_entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** No foreign key (see HOT_TABLE_KEYS). */
    programId: uuid().notNull(),
    memberId: uuid().notNull(),
    kind: pointsEntryKind().notNull(),
    points: integer().notNull(),
    /** No foreign keys on the ledger (see HOT_TABLE_KEYS): a purchase entry's lot holds the key to its receipt. */
    transactionId: bigint({ mode: "number" }),
    lineNo: integer(),
    lotId: bigint({ mode: "number" }),
    /** redemptions.id (rewards.ts); no foreign key, which would make the two schema files import each other. */
    redemptionId: uuid(),
    eventId: bigint({ mode: "number" }),
    rules: jsonb().$type<LineRuleShare[]>(),
    reason: text(),
    actorKind: auditActorKind().notNull(),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("points_entries_points", sql`${t.points} <> 0`),
    index().on(t.memberId, t.programId, t.createdAt),
    index("points_entries_transaction_idx").on(t.transactionId).where(sql`${t.transactionId} is not null`),
    index("points_entries_redemption_idx").on(t.redemptionId).where(sql`${t.redemptionId} is not null`),
  ],
);

/** Which lots a redemption, expiry, reversal, negative adjustment or debt settlement took points from. Append-only. */
export const lotConsumptions = pgTable(
  "lot_consumptions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    lotId: bigint({ mode: "number" })
      .notNull()
      .references(() => pointsLots.id),
    kind: lotConsumptionKind().notNull(),
    points: integer().notNull(),
    /** The expiry or adjustment entry; for a reversal the return's transaction, for a redemption the redemption. */
    entryId: bigint({ mode: "number" }).references(() => pointsEntries.id),
    transactionId: bigint({ mode: "number" }).references(() => transactions.id),
    redemptionId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("lot_consumptions_points", sql`${t.points} > 0`), index().on(t.lotId)],
);

/**
 * Lots whose "points expiring soon" webhook was queued: one row per lot, so the daily job announces each
 * lot once however often it runs (lib/loyalty/webhooks.ts). Ids only; the lot holds the member and points.
 */
export const pointsExpiryNotices = pgTable("points_expiry_notices", {
  lotId: bigint({ mode: "number" })
    .primaryKey()
    .references(() => pointsLots.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
