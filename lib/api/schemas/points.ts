import { z } from "zod";
import { currency } from "@/db/schema/enums";
import { MAX_BATCH } from "@/lib/loyalty/receipts";
import { receiptInput } from "@/lib/loyalty/schemas";
import { toJsonSchema } from "../openapi";
import { externalIdSchema } from "./common";

/**
 * Responses of the points routes (transactions, returns, dry runs, balances, redemptions). Their inputs are
 * the ledger's own contract, lib/loyalty/schemas.ts. Points are whole numbers; money is integer minor units
 * with its currency; times are ISO 8601 in UTC.
 */

const instant = z.iso.datetime();
const points = z.int();

export const ruleShareSchema = z
  .object({
    kind: z.enum(["base_rate", "multiplier", "bonus", "tier", "boost"]),
    ruleId: z.uuid().optional().meta({ description: "The earning rule (base_rate, multiplier, bonus)." }),
    version: z.int().optional().meta({ description: "The rule's version that made the points." }),
    tierId: z.uuid().optional().meta({ description: "The member's tier whose multiplier applied (tier)." }),
    redemptionId: z.uuid().optional().meta({ description: "The redeemed points boost (boost)." }),
    points,
  })
  .meta({ description: "What made part of a line's points: a rule, the member's tier or a redeemed boost." });

const balanceSchema = z.object({
  available: points.meta({ description: "Points the member can spend now; below zero when points are owed after a return." }),
  pending: points.meta({ description: "Points waiting for the return window to close." }),
});

const tierRefSchema = z.object({ id: z.uuid(), name: z.string() });

export const tierChangeSchema = z.object({ from: tierRefSchema.nullable(), to: tierRefSchema.nullable(), direction: z.enum(["up", "down"]) });

const recordedFields = {
  transactionId: z.int().meta({ description: "Loyalist's id of the receipt." }),
  externalId: z.string(),
  memberId: z.uuid().nullable().meta({ description: "Null for an anonymous receipt (it earns nothing)." }),
  points: points.meta({ description: "All points of the receipt: lines and basket bonuses." }),
  lines: z.array(z.object({ lineNo: z.int(), points, shares: z.array(ruleShareSchema) })),
  bonuses: z.array(ruleShareSchema).meta({ description: "Basket bonuses (first purchase, birthday month, minimum basket)." }),
  lot: z
    .object({
      status: z.enum(["pending", "available"]),
      availableAt: instant.meta({ description: "When the points become spendable: the purchase plus the return window." }),
      expiresAt: instant.nullable().meta({ description: "Null: never expires." }),
    })
    .nullable()
    .meta({ description: "The points lot the receipt made; null when it earned nothing." }),
  tierChange: tierChangeSchema.nullable().meta({ description: "Set when this receipt moved the member to another tier (a tier_changed webhook is sent)." }),
  balance: balanceSchema.nullable().meta({ description: "The member's balance after the receipt; null for an anonymous one." }),
};

export const receiptResultSchema = z.object({
  status: z.enum(["recorded", "replayed"]).meta({ description: "`replayed`: this receipt number was recorded before; nothing was credited again." }),
  ...recordedFields,
});
export type ReceiptResult = z.input<typeof receiptResultSchema>;

// Each receipt of a batch is checked on its own (a bad one is rejected, the rest recorded), so the body's
// schema accepts any item; the document still describes an item as a receipt.
export const receiptBatchSchema = z.strictObject({
  receipts: z
    .array(z.unknown().meta(toJsonSchema(receiptInput, "input")))
    .min(1)
    .max(MAX_BATCH)
    .meta({ description: `One to ${MAX_BATCH.toLocaleString("en")} receipts, each as for POST /transactions.` }),
});

const rejectedSchema = z.object({
  index: z.int(),
  status: z.literal("rejected"),
  externalId: z.string().nullable(),
  reason: z.string().meta({ description: "Why, as a code: invalid_input, unknown_member, unknown_store, external_id_reused, ..." }),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Messages by field path: `receipts.3.lines.0.amount`." }),
});

export const receiptBatchResultSchema = z.object({
  received: z.int().nonnegative(),
  recorded: z.int().nonnegative(),
  replayed: z.int().nonnegative(),
  rejected: z.int().nonnegative(),
  results: z.array(z.union([receiptResultSchema.extend({ index: z.int() }), rejectedSchema])).meta({ description: "One per receipt, in the order sent." }),
});

const moneyFields = {
  currency: z.enum(currency.enumValues),
};

export const returnResultSchema = z.object({
  status: z.enum(["recorded", "replayed"]),
  transactionId: z.int(),
  originalTransactionId: z.int(),
  memberId: z.uuid().nullable(),
  ...moneyFields,
  amountMinor: z.int().meta({ description: "Money refunded, in minor units of `currency`." }),
  points: points.meta({ description: "Points taken back: exactly what the returned lines (and, with the last unit, the basket bonuses) earned." }),
  lines: z.array(z.object({ lineNo: z.int(), quantity: z.int(), amountMinor: z.int(), points, shares: z.array(ruleShareSchema).meta({ description: "Negative: the points each rule gives back." }) })),
  bonusShares: z.array(ruleShareSchema),
  debt: points.meta({ description: "Points the member owes after the return (policy allow_negative)." }),
  writtenOff: points.meta({ description: "Points forgiven (policy write_off)." }),
  balance: balanceSchema.nullable().meta({ description: "Null for an anonymous sale and for a replay." }),
});

const explanationSchema = z.object({
  kind: z.enum(["base_rate", "multiplier", "bonus", "tier", "boost"]),
  ruleId: z.uuid().optional(),
  version: z.int().optional(),
  name: z.string().optional(),
  tierId: z.uuid().optional(),
  redemptionId: z.uuid().optional(),
  rate: z.string().optional().meta({ description: "Base rate: points per currency unit." }),
  factor: z.string().optional().meta({ description: "Multiplier, tier or boost: the factor on base points." }),
  points,
  uncappedPoints: points.optional().meta({ description: "Points before a cap cut them." }),
  applied: z.boolean(),
  reason: z.string().optional().meta({ description: "Why the rule did not apply or was capped: category, time, weekday, best_of, cap_day, ..." }),
  text: z.string().meta({ description: "The same in an English sentence." }),
});

export const dryRunResultSchema = z.object({
  memberId: z.uuid().nullable(),
  tierId: z.uuid().nullable(),
  storeId: z.uuid(),
  ...moneyFields,
  points,
  lines: z.array(z.object({ lineNo: z.int(), amountMinor: z.int(), points, shares: z.array(ruleShareSchema), explanations: z.array(explanationSchema) })),
  bonuses: z.object({ points, explanations: z.array(explanationSchema) }),
});

export const memberPointsParamsSchema = z.object({ externalId: externalIdSchema });

export const memberPointsQuerySchema = z.object({
  entries: z.coerce.number().int().min(0).max(100).default(20).meta({ description: "How many recent ledger entries to include (0-100, default 20)." }),
});

const tierSchema = tierRefSchema.extend({ rank: z.int(), threshold: z.int() });

export const memberPointsSchema = z.object({
  memberId: z.uuid(),
  externalId: z.string(),
  balance: balanceSchema.extend({
    debt: points.meta({ description: "Points owed after returns; paid back from the next points that become available." }),
    lifetimeEarned: points,
    lifetimeRedeemed: points,
  }),
  expiringSoon: z.object({ points, withinDays: z.int() }),
  tier: z.object({
    current: tierSchema.nullable(),
    next: tierSchema.nullable().meta({ description: "Null at the top tier." }),
    basis: z.enum(["points", "spend"]),
    amount: z.int().meta({ description: "Qualifying points, or spend in minor units of `currency`, over the window." }),
    toGo: z.int().nullable().meta({ description: "What the member still needs for the next tier, in the same unit." }),
    ...moneyFields,
    windowMonths: z.int(),
  }),
  lots: z
    .array(
      z.object({
        id: z.int(),
        origin: z.enum(["purchase", "event", "adjustment", "refund"]),
        amount: points,
        remaining: points,
        status: z.enum(["pending", "available"]),
        availableAt: instant,
        expiresAt: instant.nullable(),
      }),
    )
    .meta({ description: "Lots with points left, soonest expiry first." }),
  entries: z
    .array(
      z.object({
        id: z.int(),
        kind: z.enum(["earn", "redeem", "expire", "adjust", "reverse"]),
        points,
        transactionId: z.int().nullable(),
        lineNo: z.int().nullable(),
        redemptionId: z.uuid().nullable(),
        reason: z.string().nullable(),
        createdAt: instant,
      }),
    )
    .meta({ description: "The ledger, newest first." }),
});

export const redemptionResultSchema = z.object({
  status: z.enum(["issued", "replayed"]).meta({ description: "`replayed`: this externalId redeemed before; nothing was spent again." }),
  redemptionId: z.uuid(),
  rewardId: z.uuid(),
  memberId: z.uuid(),
  points: points.meta({ description: "Points spent." }),
  code: z.string().meta({ description: "The voucher code to hand to the member." }),
  validUntil: instant.nullable(),
  lots: z.array(z.object({ lotId: z.int(), points })).meta({ description: "The lots the points came from, oldest-expiring first (empty for a replay)." }),
  balance: balanceSchema,
});

export const codeUseResultSchema = z.object({
  redemptionId: z.uuid(),
  rewardId: z.uuid(),
  memberId: z.uuid(),
  usedAt: instant,
});
