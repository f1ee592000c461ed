import "server-only";
import type { Db } from "@/db/client";
import { peekProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { writeAwards } from "@/db/queries/loyalty/receipts";
import { listSalesToAward, readStoredReceipts, type SaleToAward, type StoredReceipt } from "@/db/queries/loyalty/stored-receipts";
import { AppError } from "@/lib/errors";
import { memberState, resolveMember, resolveStore, type ReceiptContextInput } from "./context";
import { ReceiptBatchPlan } from "./receipt-plan";
import { MAX_BATCH, readLockedContext } from "./receipts";
import type { NormalizedReceipt } from "./schemas";

export interface ImportedReceiptsPoints {
  /** Receipts credited (those earning nothing included). */
  receipts: number;
  points: number;
  /** Members whose balance the receipts moved. */
  members: number;
}

/** A stored receipt as the engine reads an API receipt (a line without a category matches no category rule). */
function normalized({ id: _id, ...receipt }: StoredReceipt): NormalizedReceipt {
  return { ...receipt, occurredAt: new Date(receipt.occurredAt), lines: receipt.lines.map((l) => ({ ...l, category: l.category ?? "" })) };
}

/**
 * Credits the points of sales that are already stored without them (a CSV import writes its receipts and
 * lines set-based, then calls this in the same transaction with the ids it inserted), exactly as
 * recordReceipts would have credited the same baskets: same engine, member state, caps, tiers, lots and
 * write statement (db/queries/loyalty/receipts.ts writeAwards: the points half of recordReceipts' write).
 *
 * Receipts go in time order, at most 1,000 per round: lock the round's members, read their state, plan in
 * memory, write. A member's first purchase is their first receipt here unless they have any other sale
 * (the engine's rule: any stored sale, whatever its date). `ctx.source` is the receipts' source; a receipt
 * of another source, not a sale, or already credited is refused (AppError conflict), as is one the API
 * would refuse (LoyaltyError: an erased member, a store of the wrong kind or currency). Run it inside the
 * caller's transaction, which a refusal must roll back: the receipts and their points commit together.
 */
export async function awardImportedReceipts(tx: Db, transactionIds: readonly number[], ctx: ReceiptContextInput): Promise<ImportedReceiptsPoints> {
  const total = { receipts: 0, points: 0, members: new Set<string>() };
  if (transactionIds.length === 0) return { receipts: 0, points: 0, members: 0 };
  const programId = await resolveProgramId(tx, ctx.programId);
  const now = ctx.now ?? new Date();
  let config = await peekProgramConfig(tx, programId);
  const sales = await listSalesToAward(tx, transactionIds);
  if (sales.length !== new Set(transactionIds).size) {
    throw new AppError("conflict", `${new Set(transactionIds).size - sales.length} of the receipts to credit are not stored sales`);
  }
  // Members who bought before: anyone with a sale outside this set, then anyone credited a receipt here.
  const bought = new Set(sales.flatMap((s) => (s.memberHasOtherSales && s.memberId ? [s.memberId] : [])));

  for (let start = 0; start < sales.length; start += MAX_BATCH) {
    const chunk: SaleToAward[] = sales.slice(start, start + MAX_BATCH);
    const stored = new Map((await readStoredReceipts(tx, chunk.map((s) => s.id))).map((r) => [r.id, r]));
    const receipts = chunk.map((s) => {
      const receipt = stored.get(s.id);
      if (!receipt) throw new AppError("internal", `receipt ${s.id} vanished while being credited`);
      return normalized(receipt);
    });
    const locked = await readLockedContext(tx, receipts, { programId, source: ctx.source, config, now });
    config = locked.config;
    const { context } = locked;
    const members = new Map(context.members.map((m) => [m.externalId, { ...memberState(m, context), hasSale: bought.has(m.id) }]));
    const statuses = new Map(context.members.map((m) => [m.externalId, m.status]));
    const plan = new ReceiptBatchPlan(config, now, locked.windowStart);
    receipts.forEach((receipt, k) => {
      const member = receipt.memberExternalId === null ? null : resolveMember(receipt.memberExternalId, members, statuses);
      const planned = plan.add(k, receipt, resolveStore(receipt, config, context), receipt.channel, member);
      total.points += planned.points;
      if (member) {
        bought.add(member.id);
        total.members.add(member.id);
      }
    });
    const written = await writeAwards(tx, plan.awardPayload(chunk.map((s, k) => ({ k, id: s.id }))), { programId, source: ctx.source, actor: ctx.actor, now });
    if (written.length !== chunk.length) {
      throw new AppError("conflict", `${chunk.length - written.length} of the receipts to credit are of another source or already credited`);
    }
    total.receipts += written.length;
  }
  return { receipts: total.receipts, points: total.points, members: total.members.size };
}
