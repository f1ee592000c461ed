import "server-only";
import type { Db } from "@/db/client";
import { getProgramConfig, peekProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { lockMembers } from "@/db/queries/loyalty/locks";
import { findSale, readRecordedReturn, readReturnContext, writeReturn, type ReturnPayload } from "@/db/queries/loyalty/returns";
import type { ReceiptContextInput } from "./context";
import { LoyaltyError, parseInput } from "./errors";
import { localMoment } from "./local-time";
import { planReversal, takenByStatus } from "./lots";
import { planReturn } from "./return-plan";
import type { LineRuleShare } from "./rule-types";
import { returnInput } from "./schemas";

export interface ReturnOutcome {
  status: "recorded" | "replayed";
  transactionId: number;
  originalTransactionId: number;
  memberId: string | null;
  /** Money refunded, positive minor units. */
  amountMinor: number;
  /** Points taken back, positive: exactly what the returned lines (and, with the last unit, the basket bonuses) earned. */
  points: number;
  lines: { lineNo: number; quantity: number; amountMinor: number; points: number; shares: LineRuleShare[] }[];
  bonusShares: LineRuleShare[];
  /** Points the member owes after this return (allow_negative), and points forgiven (write_off). */
  debt: number;
  writtenOff: number;
  balance: { available: number; pending: number } | null;
}

const WRITE_OFF_REASON = "return: points of returned lines were already spent; written off by policy";

class ReturnRace extends Error {}

async function replay(db: Db, id: number, originalId: number): Promise<ReturnOutcome> {
  const recorded = await readRecordedReturn(db, id);
  if (!recorded || recorded.originalId !== originalId) {
    throw new LoyaltyError("external_id_reused", "externalId: this return number was used for another receipt", { externalId: ["already used"] });
  }
  const reverse = recorded.entries.filter((e) => e.kind === "reverse");
  return {
    status: "replayed",
    transactionId: recorded.id,
    originalTransactionId: recorded.originalId,
    memberId: recorded.memberId,
    amountMinor: recorded.lines.reduce((s, l) => s + l.amountMinor, 0),
    points: -reverse.reduce((s, e) => s + e.points, 0),
    lines: recorded.lines.map((l) => {
      const entries = reverse.filter((e) => e.lineNo === l.lineNo);
      return { ...l, points: -entries.reduce((s, e) => s + e.points, 0), shares: entries.flatMap((e) => e.rules ?? []) };
    }),
    bonusShares: reverse.filter((e) => e.lineNo === null).flatMap((e) => e.rules ?? []),
    debt: recorded.debt,
    writtenOff: recorded.entries.filter((e) => e.kind === "adjust").reduce((s, e) => s + e.points, 0),
    balance: null,
  };
}

async function recordReturnOnce(db: Db, input: ReturnType<typeof returnInput.parse>, ctx: ReceiptContextInput): Promise<ReturnOutcome> {
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  const sale = await findSale(db, input.originalSource ?? ctx.source, input.originalExternalId);
  if (!sale) throw new LoyaltyError("unknown_receipt", `originalExternalId: no receipt "${input.originalExternalId}"`, { originalExternalId: ["no such receipt"] });
  if (sale.kind !== "sale") throw new LoyaltyError("not_a_sale", "originalExternalId: names a return, not a sale", { originalExternalId: ["is not a sale"] });
  const occurredAt = new Date(input.occurredAt);
  if (occurredAt < sale.occurredAt) throw new LoyaltyError("invalid_input", "occurredAt: a return cannot precede its sale", { occurredAt: ["is before the sale"] });
  let config = await peekProgramConfig(db, programId);

  return db.transaction(async (tx) => {
    if (sale.memberId) await lockMembers(tx, [sale.memberId]);
    const context = await readReturnContext(tx, { programId, source: ctx.source, externalId: input.externalId, saleId: sale.id, memberId: sale.memberId, storeCode: input.storeCode ?? null });
    if (context.revision === null) throw new LoyaltyError("unknown_program", `no loyalty program ${programId}`);
    if (context.existing) return replay(tx, context.existing.id, sale.id);
    if (context.revision !== config.revision) config = await getProgramConfig(tx, programId, context.revision);

    let storeId = sale.storeId;
    let channel = sale.channel;
    if (input.storeCode !== undefined) {
      if (!context.store) throw new LoyaltyError("unknown_store", `storeCode: no store with code "${input.storeCode}"`, { storeCode: ["no such store"] });
      if (context.store.currency !== sale.currency) throw new LoyaltyError("store_currency_mismatch", `storeCode: store "${input.storeCode}" books in ${context.store.currency}, the sale in ${sale.currency}`, { storeCode: ["books in another currency"] });
      storeId = context.store.id;
      // Goods bought online may come back at a till: the return's channel is where it happens.
      channel = context.store.kind === "physical" ? "pos" : sale.channel === "pos" ? "online" : sale.channel;
    }

    const plan = planReturn(context.lines, context.returned, context.earned, context.reversed, input.lines ?? null);
    if (plan.amountMinor <= 0) throw new LoyaltyError("nothing_to_return", "lines: the returned lines have no amount to refund", { lines: ["nothing to refund"] });
    const lots = planReversal(context.lots, sale.id, plan.points, config.negativeBalancePolicy);
    const taken = takenByStatus(lots.takes);
    const balance = context.balance ?? { available: 0, pending: 0, debt: 0 };
    const saleMonth = localMoment(sale.occurredAt, config.timeZone);
    const entries: ReturnPayload["entries"] = [
      ...plan.lines.filter((l) => l.points > 0).map((l) => ({ kind: "reverse" as const, line_no: l.lineNo, points: -l.points, rules: l.shares, reason: null })),
      ...plan.bonusShares.map((s) => ({ kind: "reverse" as const, line_no: null, points: s.points, rules: [s], reason: null })),
      ...(lots.writtenOff > 0 ? [{ kind: "adjust" as const, line_no: null, points: lots.writtenOff, rules: null, reason: WRITE_OFF_REASON }] : []),
    ];
    const usage = new Map<string, ReturnPayload["usage"][number]>();
    for (const share of [...plan.lines.flatMap((l) => l.shares), ...plan.bonusShares]) {
      if (!share.ruleId) continue;
      for (const [period, start] of [["day", saleMonth.day], ["month", saleMonth.month], ["year", saleMonth.year]] as const) {
        const key = `${share.ruleId}|${period}`;
        const row = usage.get(key) ?? { rule_id: share.ruleId, period, start, points: 0 };
        row.points += share.points;
        usage.set(key, row);
      }
    }
    const payload: ReturnPayload = {
      return: {
        member_id: sale.memberId,
        store_id: storeId,
        channel,
        occurred_at: occurredAt.toISOString(),
        currency: sale.currency,
        total_minor: -plan.amountMinor,
        discount_minor: -plan.lines.reduce((s, l) => s + l.returnDiscountMinor, 0),
        item_count: -plan.lines.reduce((s, l) => s + l.returnQuantity, 0),
        external_id: input.externalId,
        original_id: sale.id,
      },
      lines: plan.lines.map((l) => ({
        line_no: l.lineNo,
        product_id: l.productId,
        sku: l.sku,
        category_id: l.categoryId,
        quantity: -l.returnQuantity,
        amount_minor: -l.returnAmountMinor,
        discount_minor: -l.returnDiscountMinor,
      })),
      entries: sale.memberId ? entries : [],
      takes: lots.takes.map((t) => ({ lot_id: t.lotId, points: t.points })),
      balance: { available: -taken.available - lots.debt, pending: -taken.pending, debt: lots.debt, earned: -plan.points },
      progress: sale.memberId
        ? { month: saleMonth.month, points: -plan.points, spend: sale.currency === config.currency ? -plan.amountMinor : 0 }
        : null,
      usage: [...usage.values()],
    };
    const id = await writeReturn(tx, payload, { programId, source: ctx.source, actor: ctx.actor, now });
    if (id === null) throw new ReturnRace();
    return {
      status: "recorded",
      transactionId: id,
      originalTransactionId: sale.id,
      memberId: sale.memberId,
      amountMinor: plan.amountMinor,
      points: plan.points,
      lines: plan.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.returnQuantity, amountMinor: l.returnAmountMinor, points: l.points, shares: l.shares })),
      bonusShares: plan.bonusShares,
      debt: lots.debt,
      writtenOff: lots.writtenOff,
      balance: sale.memberId ? { available: balance.available + payload.balance.available, pending: balance.pending + payload.balance.pending } : null,
    };
  });
}

/**
 * Records a return (some lines and units, or everything not yet returned) against the sale it names, and
 * takes back exactly the points those lines earned: first from the lot the sale made, then from the
 * member's other available lots, oldest-expiring first; what is still missing is owed (allow_negative:
 * redemption is blocked until paid back from new points) or written off (write_off), by program policy.
 * Tier progress drops by the returned lines' points and spend in the sale's month. Idempotent by
 * (source, externalId).
 */
export async function recordReturn(db: Db, input: unknown, ctx: ReceiptContextInput): Promise<ReturnOutcome> {
  const parsed = parseInput(returnInput, input);
  try {
    return await recordReturnOnce(db, parsed, ctx);
  } catch (error) {
    if (error instanceof ReturnRace) return recordReturnOnce(db, parsed, ctx);
    throw error;
  }
}
