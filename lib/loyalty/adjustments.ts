import "server-only";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { getProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { readMemberLedger, writeCredit, writeSpend } from "@/db/queries/loyalty/ledger";
import { lockMembers, lockMembersByExternalId } from "@/db/queries/loyalty/locks";
import type { LoyaltyContext } from "./context";
import { LoyaltyError, parseInput } from "./errors";
import { expiresAt, spendOrder, takeFromLots, takenByStatus } from "./lots";
import { adjustmentInput } from "./schemas";

export interface AdjustmentOutcome {
  entryId: number;
  points: number;
  balance: { available: number; pending: number };
}

/**
 * An admin's correction, with its reason, audited with the balance before and after. Points added make a
 * lot available at once (expiring by the program's policy from now, and paying points owed first); points
 * taken come from available lots oldest-expiring first, and no more than are available.
 */
export async function adjustPoints(db: Db, input: unknown, ctx: LoyaltyContext): Promise<AdjustmentOutcome> {
  const request = parseInput(adjustmentInput, input);
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  const config = await getProgramConfig(db, programId);
  return db.transaction(async (tx) => {
    if (request.memberId) await lockMembers(tx, [request.memberId]);
    else await lockMembersByExternalId(tx, [request.memberExternalId ?? ""]);
    const member = await readMemberLedger(tx, { programId, member: request.memberId ?? request.memberExternalId ?? "", byExternalId: request.memberId === undefined, windowStart: "9999-01-01" });
    if (!member || member.status === "erased") throw new LoyaltyError("unknown_member", "member: no such member", { [request.memberId ? "memberId" : "memberExternalId"]: ["no such member"] });
    const before = { available: member.available, pending: member.pending, debt: member.debt };
    let entryId: number;
    if (request.points > 0) {
      const settle = Math.min(member.debt, request.points);
      const written = await writeCredit(tx, {
        programId,
        memberId: member.memberId,
        actor: ctx.actor,
        now,
        lot: { origin: "adjustment", amount: request.points, status: "available", availableAt: now, expiresAt: expiresAt(now, config), eventId: null },
        entry: { kind: "adjust", redemptionId: null, reason: request.reason, rules: null },
        settle,
        balance: { available: request.points, pending: 0, debt: -settle, earned: 0, redeemed: 0 },
        progress: null,
        usage: [],
        tierChange: null,
      });
      if (!written) throw new Error("adjustment lot insert returned nothing");
      entryId = written.entryId;
    } else {
      const { takes, shortfall } = takeFromLots(spendOrder(member.lots), -request.points);
      if (shortfall > 0) {
        throw new LoyaltyError("insufficient_points", `points: cannot take ${-request.points} points, ${Math.max(0, member.available)} are available`, { points: ["exceeds the available balance"] });
      }
      const taken = takenByStatus(takes);
      entryId = await writeSpend(tx, {
        programId,
        memberId: member.memberId,
        actor: ctx.actor,
        now,
        entry: { kind: "adjust", points: request.points, redemptionId: null, reason: request.reason },
        consumption: "adjust",
        takes: takes.map((t) => ({ lot_id: t.lotId, points: t.points })),
        balance: { available: -taken.available, pending: -taken.pending, redeemed: 0 },
      });
    }
    const after = { available: member.available + request.points, pending: member.pending, debt: member.debt - (request.points > 0 ? Math.min(member.debt, request.points) : 0) };
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "points.adjust",
      entityType: "member",
      entityId: member.memberId,
      before: { programId, ...before },
      after: { programId, ...after, points: request.points, reason: request.reason, entryId },
    });
    return { entryId, points: request.points, balance: { available: after.available, pending: after.pending } };
  });
}
