import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { getProgramConfig, peekProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { readMemberLedger, writeCredit, writeSpend } from "@/db/queries/loyalty/ledger";
import { lockMembers, lockMembersByExternalId } from "@/db/queries/loyalty/locks";
import { claimRewardCode, findRedemption, getReward, insertRedemption, returnRewardStock, takeRewardStock, type RedemptionRow } from "@/db/queries/loyalty/rewards";
import { lotConsumptions, pointsLots, redemptions } from "@/db/schema";
import type { LoyaltyContext } from "./context";
import { LoyaltyError, parseInput } from "./errors";
import { localMoment } from "./local-time";
import { spendOrder, takeFromLots, takenByStatus } from "./lots";
import { redeemCodeInput, redemptionInput } from "./schemas";
import { windowStart } from "./tiers";
import { DAY_MS } from "../time";

export interface RedemptionOutcome {
  status: "issued" | "replayed";
  redemptionId: string;
  rewardId: string;
  memberId: string;
  points: number;
  code: string;
  validUntil: Date | null;
  /** The lots the points came from, oldest-expiring first. */
  lots: { lotId: number; points: number }[];
  balance: { available: number; pending: number };
}

// Crockford's base32 without I, L, O, U: codes read aloud or typed from a screen are not mistaken.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A voucher code: 15 characters drawn with the operating system's CSPRNG (75 bits, unguessable), shown
 * in groups of five. Written here rather than taken from a library: it is these few lines over node:crypto.
 */
export function generateVoucherCode(): string {
  let code = "";
  for (let i = 0; i < 15; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5, 10)}-${code.slice(10)}`;
}

/** The caller's idempotency source: who asked (API key, staff member, system). */
const sourceOf = (ctx: LoyaltyContext) => (ctx.actor.kind === "system" ? "system" : `${ctx.actor.kind}:${ctx.actor.id}`);

function outcomeOf(row: RedemptionRow, status: RedemptionOutcome["status"], lots: RedemptionOutcome["lots"], balance: RedemptionOutcome["balance"]): RedemptionOutcome {
  return { status, redemptionId: row.id, rewardId: row.rewardId, memberId: row.memberId, points: row.points, code: row.code, validUntil: row.validUntil, lots, balance };
}

/**
 * Exchanges points for a reward: refuses an unknown or inactive reward, one outside its validity, a member
 * not in an eligible tier, a balance that is negative (points owed after a return) or short of the price,
 * and a reward out of stock or out of codes. Spends the member's available lots oldest-expiring first and
 * records which. Idempotent by (caller, externalId): the same key answers the first redemption.
 */
export async function redeemReward(db: Db, input: unknown, ctx: LoyaltyContext): Promise<RedemptionOutcome> {
  const request = parseInput(redemptionInput, input);
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  const source = sourceOf(ctx);
  let config = await peekProgramConfig(db, programId);
  return db.transaction(async (tx) => {
    if (request.memberId) await lockMembers(tx, [request.memberId]);
    else await lockMembersByExternalId(tx, [request.memberExternalId ?? ""]);
    const member = await readMemberLedger(tx, {
      programId,
      member: request.memberId ?? request.memberExternalId ?? "",
      byExternalId: request.memberId === undefined,
      windowStart: windowStart(localMoment(now, config.timeZone).month, config.tierWindowMonths),
    });
    if (!member || member.status === "erased") throw new LoyaltyError("unknown_member", "member: no such member", { [request.memberId ? "memberId" : "memberExternalId"]: ["no such member"] });
    if (member.revision !== null && member.revision !== config.revision) config = await getProgramConfig(tx, programId, member.revision);

    const earlier = await findRedemption(tx, { source, externalId: request.externalId });
    if (earlier) {
      if (earlier.memberId !== member.memberId || earlier.rewardId !== request.rewardId) {
        throw new LoyaltyError("external_id_reused", "externalId: already used for another redemption", { externalId: ["already used"] });
      }
      return outcomeOf(earlier, "replayed", [], { available: member.available, pending: member.pending });
    }

    const reward = await getReward(tx, request.rewardId);
    if (!reward || reward.programId !== programId) throw new LoyaltyError("unknown_reward", "rewardId: no such reward in this program", { rewardId: ["no such reward"] });
    if (!reward.active) throw new LoyaltyError("reward_inactive", `rewardId: "${reward.name}" is not offered now`);
    if ((reward.validFrom && now < reward.validFrom) || (reward.validTo && now >= reward.validTo)) {
      throw new LoyaltyError("outside_validity", `rewardId: "${reward.name}" can be redeemed only within its validity`);
    }
    if (reward.eligibleTierIds.length > 0 && (member.tierId === null || !reward.eligibleTierIds.includes(member.tierId))) {
      throw new LoyaltyError("not_eligible", `rewardId: "${reward.name}" is for members of other tiers`);
    }
    if (member.available < 0) throw new LoyaltyError("balance_negative", `the member owes ${-member.available} points from a return; redemption waits until they are paid back`);
    if (member.available < reward.pointsPrice) {
      throw new LoyaltyError("insufficient_points", `the reward costs ${reward.pointsPrice} points and ${member.available} are available`);
    }
    if (reward.stock !== null && !(await takeRewardStock(tx, reward.id))) throw new LoyaltyError("out_of_stock", `rewardId: "${reward.name}" is out of stock`);
    const redemptionId = randomUUID();
    const code = reward.usesCodePool ? await claimRewardCode(tx, reward.id, redemptionId) : generateVoucherCode();
    if (code === null) throw new LoyaltyError("no_codes_left", `rewardId: "${reward.name}" has no codes left`);

    const { takes } = takeFromLots(spendOrder(member.lots), reward.pointsPrice);
    const taken = takenByStatus(takes);
    const boost = reward.value.kind === "points_multiplier" ? { factor: reward.value.factor, until: new Date(now.getTime() + reward.value.days * DAY_MS) } : null;
    const validUntil = reward.voucherDays ? new Date(now.getTime() + reward.voucherDays * DAY_MS) : reward.validTo;
    const row: RedemptionRow = {
      id: redemptionId,
      programId,
      memberId: member.memberId,
      rewardId: reward.id,
      points: reward.pointsPrice,
      costMinor: reward.costMinor,
      costCurrency: reward.costCurrency,
      status: "issued",
      code,
      source,
      externalId: request.externalId,
      validUntil,
      boostFactor: boost?.factor ?? null,
      boostUntil: boost?.until ?? null,
      usedAt: null,
      cancelledAt: null,
      actorKind: ctx.actor.kind,
      actorId: ctx.actor.kind === "system" ? null : ctx.actor.id,
      createdAt: now,
    };
    await insertRedemption(tx, row);
    await writeSpend(tx, {
      programId,
      memberId: member.memberId,
      actor: ctx.actor,
      now,
      entry: { kind: "redeem", points: -reward.pointsPrice, redemptionId, reason: null },
      consumption: "redeem",
      takes: takes.map((t) => ({ lot_id: t.lotId, points: t.points })),
      balance: { available: -taken.available, pending: -taken.pending, redeemed: reward.pointsPrice },
    });
    return outcomeOf(row, "issued", takes.map((t) => ({ lotId: t.lotId, points: t.points })), {
      available: member.available - reward.pointsPrice,
      pending: member.pending,
    });
  });
}

export interface CodeUse {
  redemptionId: string;
  rewardId: string;
  memberId: string;
  usedAt: Date;
}

/** Marks a voucher code used (at a till, in the shop); refuses unknown, used, cancelled and expired codes. */
export async function redeemCode(db: Db, input: unknown, ctx: LoyaltyContext): Promise<CodeUse> {
  const { code } = parseInput(redeemCodeInput, input);
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    // Generated codes are upper case; imported ones are kept as given.
    const [found] = await tx.select().from(redemptions).where(inArray(redemptions.code, [code, code.toUpperCase()])).for("update");
    if (!found || found.programId !== programId) throw new LoyaltyError("unknown_code", "code: no such voucher", { code: ["no such voucher"] });
    if (found.status === "used") throw new LoyaltyError("code_used", `code: used on ${found.usedAt?.toISOString() ?? "an earlier date"}`, { code: ["already used"] });
    if (found.status === "cancelled") throw new LoyaltyError("code_cancelled", "code: the redemption was cancelled", { code: ["cancelled"] });
    if (found.validUntil && now >= found.validUntil) throw new LoyaltyError("code_expired", "code: the voucher has expired", { code: ["expired"] });
    await tx.update(redemptions).set({ status: "used", usedAt: now }).where(eq(redemptions.id, found.id));
    return { redemptionId: found.id, rewardId: found.rewardId, memberId: found.memberId, usedAt: now };
  });
}

/**
 * Takes back an issued (unused) voucher and refunds its points as a new lot that expires when the
 * earliest of the spent lots would have (a refund never lengthens points' life), available at once and
 * paying any points owed first. The stock unit goes back; an imported code stays spent. Audited.
 */
export async function cancelRedemption(db: Db, redemptionId: string, reason: string, ctx: LoyaltyContext): Promise<{ points: number }> {
  const now = ctx.now ?? new Date();
  const first = await findRedemption(db, { id: redemptionId });
  if (!first) throw new LoyaltyError("unknown_code", "no such redemption");
  return db.transaction(async (tx) => {
    await lockMembers(tx, [first.memberId]);
    const [row] = await tx.select().from(redemptions).where(eq(redemptions.id, redemptionId)).for("update");
    if (!row) throw new LoyaltyError("unknown_code", "no such redemption");
    if (row.status === "used") throw new LoyaltyError("code_used", "a used voucher cannot be cancelled");
    if (row.status === "cancelled") throw new LoyaltyError("code_cancelled", "the redemption is cancelled already");
    const spent = await tx
      .select({ expiresAt: pointsLots.expiresAt })
      .from(lotConsumptions)
      .innerJoin(pointsLots, eq(pointsLots.id, lotConsumptions.lotId))
      .where(eq(lotConsumptions.redemptionId, redemptionId));
    const expiries = spent.map((s) => s.expiresAt).filter((d): d is Date => d !== null);
    const expiresAt = expiries.length > 0 ? new Date(Math.min(...expiries.map((d) => d.getTime()))) : null;
    const member = await readMemberLedger(tx, { programId: row.programId, member: row.memberId, byExternalId: false, windowStart: "9999-01-01" });
    const settle = Math.min(member?.debt ?? 0, row.points);
    await tx.update(redemptions).set({ status: "cancelled", cancelledAt: now }).where(eq(redemptions.id, redemptionId));
    await returnRewardStock(tx, row.rewardId);
    await writeCredit(tx, {
      programId: row.programId,
      memberId: row.memberId,
      actor: ctx.actor,
      now,
      lot: { origin: "refund", amount: row.points, status: "available", availableAt: now, expiresAt, eventId: null },
      entry: { kind: "reverse", redemptionId, reason, rules: null },
      settle,
      balance: { available: row.points, pending: 0, debt: -settle, earned: 0, redeemed: -row.points },
      progress: null,
      usage: [],
      tierChange: null,
    });
    await recordAudit(tx, { actor: ctx.actor, action: "redemption.cancel", entityType: "redemption", entityId: redemptionId, before: { status: row.status }, after: { status: "cancelled", reason } });
    return { points: row.points };
  });
}
