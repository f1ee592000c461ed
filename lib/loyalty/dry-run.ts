import "server-only";
import type { Db } from "@/db/client";
import { getProgramConfig, peekProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { readReceiptContext } from "@/db/queries/loyalty/receipts";
import { memberState, resolveMember, resolveStore, type LoyaltyContext } from "./context";
import { evaluateBasket, NO_MEMBER, type Explanation, type LineEarning } from "./earning-rules";
import { parseInput } from "./errors";
import { localMoment } from "./local-time";
import { dryRunInput, normalizeReceipt } from "./schemas";
import { windowStart } from "./tiers";

export interface DryRunResult {
  /** The member whose tier, first purchase, birthday, caps and boosts were taken into account; null: a member with none. */
  memberId: string | null;
  tierId: string | null;
  storeId: string;
  currency: string;
  points: number;
  lines: LineEarning[];
  bonuses: { points: number; explanations: Explanation[] };
}

/**
 * What a basket would earn, per line and per rule, with every rule explained (applied, capped, or why
 * not) — and without writing anything. It reads the member's state exactly as recording the receipt
 * would, and evaluates with the same engine, so recordReceipt then awards the same points (unless the
 * member's state changes in between, say another purchase uses up a cap).
 */
export async function dryRun(db: Db, input: unknown, ctx: Omit<LoyaltyContext, "actor"> & { source?: string }): Promise<DryRunResult> {
  const receipt = normalizeReceipt(parseInput(dryRunInput, input));
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  let config = await peekProgramConfig(db, programId);
  const params = () => {
    const local = localMoment(receipt.occurredAt, config.timeZone);
    return {
      programId,
      source: ctx.source ?? "",
      externalIds: [],
      memberExternalIds: receipt.memberExternalId ? [receipt.memberExternalId] : [],
      storeCodes: receipt.storeCode ? [receipt.storeCode] : [],
      needOnlineStores: config.onlineStoreId === null && receipt.storeCode === null,
      windowStart: windowStart(localMoment(now, config.timeZone).month, config.tierWindowMonths),
      periods: [
        { period: "day" as const, start: local.day },
        { period: "month" as const, start: local.month },
        { period: "year" as const, start: local.year },
      ],
      earliest: receipt.occurredAt,
    };
  };
  let context = await readReceiptContext(db, params(), { lock: false });
  if (context.revision !== null && context.revision !== config.revision) {
    config = await getProgramConfig(db, programId, context.revision);
    context = await readReceiptContext(db, params(), { lock: false });
  }
  const store = resolveStore(receipt, config, context);
  const states = new Map(context.members.map((m) => [m.externalId, memberState(m, context)]));
  const statuses = new Map(context.members.map((m) => [m.externalId, m.status]));
  const member = receipt.memberExternalId ? resolveMember(receipt.memberExternalId, states, statuses) : null;
  const earning = evaluateBasket(
    { currency: receipt.currency, channel: receipt.channel, storeId: store.id, occurredAt: receipt.occurredAt, lines: receipt.lines },
    member ? { tierId: member.tierId, birthMonth: member.birthMonth, firstPurchase: !member.hasSale, boosts: member.boosts } : NO_MEMBER,
    config,
    member?.usage ?? new Map(),
    { explain: true, explainSkipped: true },
  );
  return {
    memberId: member?.id ?? null,
    tierId: member?.tierId ?? null,
    storeId: store.id,
    currency: receipt.currency,
    points: earning.points,
    lines: earning.lines,
    bonuses: { points: earning.bonuses.reduce((s, b) => s + b.points, 0), explanations: earning.bonusExplanations },
  };
}
