import "server-only";
import type { Db } from "@/db/client";
import { getProgramConfig, peekProgramConfig, resolveProgramId, type ProgramConfig } from "@/db/queries/loyalty/config";
import { readReceiptContext, readRecordedReceipts, writeReceipts, type ReceiptContext } from "@/db/queries/loyalty/receipts";
import { AppError, type FieldErrors } from "@/lib/errors";
import { memberState, resolveMember, resolveStore, type ReceiptContextInput } from "./context";
import { LoyaltyError, loyaltyFieldErrors, describeFieldErrors, type LoyaltyReason } from "./errors";
import { localMoment } from "./local-time";
import { ReceiptBatchPlan, type MemberLedgerState, type PlannedLot } from "./receipt-plan";
import type { LineRuleShare } from "./rule-types";
import { normalizeReceipt, receiptInput, type NormalizedReceipt } from "./schemas";
import { windowStart } from "./tiers";

export interface RecordedReceiptOutcome {
  status: "recorded" | "replayed";
  index: number;
  externalId: string;
  transactionId: number;
  memberId: string | null;
  points: number;
  lines: { lineNo: number; points: number; shares: LineRuleShare[] }[];
  bonuses: LineRuleShare[];
  lot: Pick<PlannedLot, "status" | "availableAt" | "expiresAt"> | null;
  tierChange: { fromTierId: string | null; toTierId: string } | null;
  /** The member's balance after this receipt (for a replay: now). */
  balance: { available: number; pending: number } | null;
}

export interface RejectedReceiptOutcome {
  status: "rejected";
  index: number;
  externalId: string | null;
  reason: LoyaltyReason;
  message: string;
  fieldErrors?: FieldErrors;
}

export type ReceiptOutcome = RecordedReceiptOutcome | RejectedReceiptOutcome;

export const MAX_BATCH = 1000;

interface Candidate {
  index: number;
  receipt: NormalizedReceipt;
}

function rejection(index: number, externalId: string | null, error: unknown, prefix: string): RejectedReceiptOutcome {
  if (error instanceof LoyaltyError) {
    const fieldErrors = error.fieldErrors ? Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [`${prefix}${k}`, v])) : undefined;
    return { status: "rejected", index, externalId, reason: error.reason, message: `${prefix}${error.message}`, fieldErrors };
  }
  throw error;
}

/** Checks every input against the contract; a bad one is rejected naming its fields, the rest go on. */
function validate(inputs: readonly unknown[], single: boolean): { candidates: Candidate[]; rejected: RejectedReceiptOutcome[] } {
  const candidates: Candidate[] = [];
  const rejected: RejectedReceiptOutcome[] = [];
  inputs.forEach((input, index) => {
    const parsed = receiptInput.safeParse(input);
    if (parsed.success) {
      candidates.push({ index, receipt: normalizeReceipt(parsed.data) });
      return;
    }
    const fieldErrors = loyaltyFieldErrors(parsed.error, single ? "" : `[${index}]`);
    const externalId = typeof input === "object" && input !== null && "externalId" in input && typeof input.externalId === "string" ? input.externalId : null;
    rejected.push({ status: "rejected", index, externalId, reason: "invalid_input", message: describeFieldErrors(fieldErrors), fieldErrors });
  });
  return { candidates, rejected };
}

function contextParams(programId: string, source: string, receipts: readonly NormalizedReceipt[], config: ProgramConfig, now: Date) {
  const periods = new Map<string, { period: "day" | "month" | "year"; start: string }>();
  let earliest = now;
  for (const receipt of receipts) {
    const local = localMoment(receipt.occurredAt, config.timeZone);
    periods.set(`day|${local.day}`, { period: "day", start: local.day });
    periods.set(`month|${local.month}`, { period: "month", start: local.month });
    periods.set(`year|${local.year}`, { period: "year", start: local.year });
    if (receipt.occurredAt < earliest) earliest = receipt.occurredAt;
  }
  return {
    programId,
    source,
    externalIds: receipts.map((r) => r.externalId),
    memberExternalIds: [...new Set(receipts.flatMap((r) => (r.memberExternalId ? [r.memberExternalId] : [])))],
    storeCodes: [...new Set(receipts.flatMap((r) => (r.storeCode ? [r.storeCode] : [])))],
    needOnlineStores: config.onlineStoreId === null && receipts.some((r) => r.storeCode === null),
    windowStart: windowStart(localMoment(now, config.timeZone).month, config.tierWindowMonths),
    periods: [...periods.values()],
    earliest,
  };
}

export interface LockedReceiptContext {
  /** The configuration at the revision read under the locks. */
  config: ProgramConfig;
  /** First month of the tier window as of now. */
  windowStart: string;
  context: ReceiptContext;
}

/**
 * Locks the receipts' members and reads what evaluating them needs (one round trip); when the program's
 * configuration moved since `config` was cached, reloads it and reads again under the locks already held.
 */
export async function readLockedContext(
  tx: Db,
  receipts: readonly NormalizedReceipt[],
  p: { programId: string; source: string; config: ProgramConfig; now: Date },
): Promise<LockedReceiptContext> {
  let config = p.config;
  let params = contextParams(p.programId, p.source, receipts, config, p.now);
  let context = await readReceiptContext(tx, params, { lock: true });
  if (context.revision === null) throw new LoyaltyError("unknown_program", `no loyalty program ${p.programId}`);
  if (context.revision !== config.revision) {
    config = await getProgramConfig(tx, p.programId, context.revision);
    params = contextParams(p.programId, p.source, receipts, config, p.now);
    context = await readReceiptContext(tx, params, { lock: false });
  }
  return { config, windowStart: params.windowStart, context };
}

function replayOutcome(index: number, recorded: Awaited<ReturnType<typeof readRecordedReceipts>>[number], member: MemberLedgerState | null): RecordedReceiptOutcome {
  const byLine = new Map<number, { points: number; shares: LineRuleShare[] }>();
  const bonuses: LineRuleShare[] = [];
  for (const e of recorded.entries) {
    const shares = (e.rules ?? []) as LineRuleShare[];
    if (e.lineNo === null) bonuses.push(...shares);
    else byLine.set(e.lineNo, { points: (byLine.get(e.lineNo)?.points ?? 0) + e.points, shares: [...(byLine.get(e.lineNo)?.shares ?? []), ...shares] });
  }
  return {
    status: "replayed",
    index,
    externalId: recorded.externalId,
    transactionId: recorded.id,
    memberId: recorded.memberId,
    points: recorded.entries.reduce((sum, e) => sum + e.points, 0),
    lines: recorded.lines.map((l) => ({ lineNo: l.lineNo, points: byLine.get(l.lineNo)?.points ?? 0, shares: byLine.get(l.lineNo)?.shares ?? [] })),
    bonuses,
    lot: recorded.lot ? { status: recorded.lot.status, availableAt: new Date(recorded.lot.availableAt), expiresAt: recorded.lot.expiresAt ? new Date(recorded.lot.expiresAt) : null } : null,
    tierChange: null,
    balance: member ? { available: member.available, pending: member.pending } : null,
  };
}

/** Receipt numbers a concurrent writer took between our read and our insert: roll back and read again. */
class ReceiptRace extends Error {}

async function recordOnce(db: Db, candidates: readonly Candidate[], ctx: ReceiptContextInput, single: boolean): Promise<ReceiptOutcome[]> {
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  const cached = await peekProgramConfig(db, programId);
  return db.transaction(async (tx) => {
    const receipts = candidates.map((c) => c.receipt);
    const { config, windowStart: windowFrom, context } = await readLockedContext(tx, receipts, { programId, source: ctx.source, config: cached, now });
    const members = new Map(context.members.map((m) => [m.externalId, memberState(m, context)]));
    const statuses = new Map(context.members.map((m) => [m.externalId, m.status]));
    const existing = new Map(context.existing.map((e) => [e.externalId, e]));
    const plan = new ReceiptBatchPlan(config, now, windowFrom);
    const outcomes: ReceiptOutcome[] = [];
    const planned = new Map<number, { candidate: Candidate; outcome: RecordedReceiptOutcome }>();
    // A receipt number seen before: recorded earlier (`stored`), or earlier in this very batch (`batch`).
    const replays: ({ index: number; member: MemberLedgerState | null } & ({ of: "stored"; transactionId: number } | { of: "batch"; firstIndex: number }))[] = [];
    const firstIndexOf = new Map<string, number>();

    for (const candidate of candidates) {
      const { index, receipt } = candidate;
      const prefix = single ? "" : `[${index}].`;
      try {
        const member = receipt.memberExternalId === null ? null : resolveMember(receipt.memberExternalId, members, statuses);
        const earlier = existing.get(receipt.externalId);
        const firstIndex = firstIndexOf.get(receipt.externalId);
        const earlierMember = earlier ? earlier.memberId : firstIndex !== undefined ? (planned.get(firstIndex)?.outcome.memberId ?? null) : undefined;
        if (earlierMember !== undefined && earlierMember !== (member?.id ?? null)) {
          throw new LoyaltyError("external_id_reused", `externalId: receipt "${receipt.externalId}" was recorded for another member`, { externalId: ["already used for another member"] });
        }
        if (earlier) {
          replays.push({ index, member, of: "stored", transactionId: earlier.id });
          continue;
        }
        if (firstIndex !== undefined) {
          replays.push({ index, member, of: "batch", firstIndex });
          continue;
        }
        const store = resolveStore(receipt, config, context);
        const result = plan.add(index, receipt, store, receipt.channel, member);
        firstIndexOf.set(receipt.externalId, index);
        const outcome: RecordedReceiptOutcome = {
          status: "recorded",
          index,
          externalId: receipt.externalId,
          transactionId: 0,
          memberId: member?.id ?? null,
          points: result.points,
          lines: result.lines,
          bonuses: result.bonuses,
          lot: result.lot ? { status: result.lot.status, availableAt: result.lot.availableAt, expiresAt: result.lot.expiresAt } : null,
          tierChange: result.tier,
          balance: result.balance,
        };
        planned.set(index, { candidate, outcome });
        outcomes.push(outcome);
      } catch (error) {
        outcomes.push(rejection(index, receipt.externalId, error, prefix));
      }
    }

    if (plan.size > 0) {
      const written = await writeReceipts(tx, plan.payload(), { programId, source: ctx.source, actor: ctx.actor, now });
      if (written.length !== plan.size) throw new ReceiptRace();
      for (const { k, id } of written) {
        const entry = planned.get(Number(k));
        if (entry) entry.outcome.transactionId = Number(id);
      }
    }
    const recorded = await readRecordedReceipts(tx, replays.flatMap((r) => (r.of === "stored" ? [r.transactionId] : [])));
    for (const replay of replays) {
      if (replay.of === "batch") {
        const first = planned.get(replay.firstIndex);
        if (first) outcomes.push({ ...first.outcome, status: "replayed", index: replay.index, tierChange: null });
        continue;
      }
      const row = recorded.find((r) => r.id === replay.transactionId);
      if (row) outcomes.push(replayOutcome(replay.index, row, replay.member));
    }
    return outcomes;
  });
}

async function record(db: Db, candidates: readonly Candidate[], ctx: ReceiptContextInput, single: boolean): Promise<ReceiptOutcome[]> {
  if (candidates.length === 0) return [];
  try {
    return await recordOnce(db, candidates, ctx, single);
  } catch (error) {
    // Once: the second attempt reads the receipts the other writer committed and answers them as replays.
    if (error instanceof ReceiptRace) return recordOnce(db, candidates, ctx, single);
    throw error;
  }
}

/**
 * Records up to 1,000 receipts with their points in one database transaction: each receipt is validated,
 * its member and store resolved, and its points evaluated in memory; then every table gets one multi-row
 * insert. A receipt whose (source, externalId) was recorded before answers `replayed` with its original
 * points and credits nothing. Bad receipts come back `rejected` with their reason and fields; the others are
 * recorded. Unknown members are refused, never created (members come in through the member upsert).
 */
export async function recordReceipts(db: Db, inputs: readonly unknown[], ctx: ReceiptContextInput): Promise<ReceiptOutcome[]> {
  if (inputs.length > MAX_BATCH) throw new LoyaltyError("invalid_input", `a batch holds at most ${MAX_BATCH} receipts, got ${inputs.length}`);
  const { candidates, rejected } = validate(inputs, false);
  const outcomes = [...rejected, ...(await record(db, candidates, ctx, false))];
  return outcomes.sort((a, b) => a.index - b.index);
}

const refusal = (outcome: RejectedReceiptOutcome) => new LoyaltyError(outcome.reason, outcome.message, outcome.fieldErrors);

/** Records one receipt with its points; throws LoyaltyError (an AppError) naming the field when refused. */
export async function recordReceipt(db: Db, input: unknown, ctx: ReceiptContextInput): Promise<RecordedReceiptOutcome> {
  const [outcome] = await recordReceiptGroup(db, [input], ctx);
  if (!outcome) throw new AppError("internal", "the receipt produced no outcome");
  if (outcome instanceof LoyaltyError) throw outcome;
  return outcome;
}

/**
 * Receipts sent one by one and committed together (the API's group commit of single requests): each is
 * answered as recordReceipt answers it alone — its outcome, or the LoyaltyError naming its fields without a
 * batch index — from one read and one write for all of them.
 */
export async function recordReceiptGroup(db: Db, inputs: readonly unknown[], ctx: ReceiptContextInput): Promise<(RecordedReceiptOutcome | LoyaltyError)[]> {
  const answers: (RecordedReceiptOutcome | LoyaltyError)[] = new Array(inputs.length);
  const candidates: Candidate[] = [];
  inputs.forEach((input, index) => {
    const { candidates: valid, rejected } = validate([input], true);
    if (rejected[0]) answers[index] = refusal(rejected[0]);
    else candidates.push({ index, receipt: valid[0]!.receipt });
  });
  for (const outcome of await record(db, candidates, ctx, true)) answers[outcome.index] = outcome.status === "rejected" ? refusal(outcome) : outcome;
  return answers;
}
