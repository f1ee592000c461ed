import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { resolveProgramId } from "@/db/queries/loyalty/config";
import { getReward } from "@/db/queries/loyalty/rewards";
import { rewardCodes, rewards } from "@/db/schema";
import type { LoyaltyContext } from "./context";
import { LoyaltyError, parseInput } from "./errors";
import { rewardCodesInput, rewardInput } from "./reward-schemas";

/** The rewards catalogue's administration; every change audited with the reward before and after. */

type RewardValues = ReturnType<typeof rewardInput.parse>;

function columns(input: RewardValues) {
  return {
    name: input.name,
    description: input.description ?? null,
    kind: input.value.kind,
    value: input.value,
    pointsPrice: input.pointsPrice,
    costMinor: input.costMinor,
    costCurrency: input.costCurrency,
    stock: input.stock,
    validFrom: input.validFrom ? new Date(input.validFrom) : null,
    validTo: input.validTo ? new Date(input.validTo) : null,
    voucherDays: input.voucherDays,
    eligibleTierIds: input.eligibleTierIds,
    usesCodePool: input.usesCodePool,
    active: input.active,
  };
}

export async function createReward(db: Db, input: unknown, ctx: LoyaltyContext): Promise<string> {
  const values = columns(parseInput(rewardInput, input));
  const programId = await resolveProgramId(db, ctx.programId);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(rewards).values({ programId, ...values }).returning({ id: rewards.id });
    if (!row) throw new Error("reward insert returned nothing");
    await recordAudit(tx, { actor: ctx.actor, action: "reward.create", entityType: "reward", entityId: row.id, after: values });
    return row.id;
  });
}

export async function updateReward(db: Db, rewardId: string, input: unknown, ctx: LoyaltyContext): Promise<void> {
  const values = columns(parseInput(rewardInput, input));
  await db.transaction(async (tx) => {
    const before = await getReward(tx, rewardId, { lock: true });
    if (!before) throw new LoyaltyError("unknown_reward", `no reward ${rewardId}`);
    if (before.kind !== values.kind) throw new LoyaltyError("invalid_input", "value.kind: a reward keeps its kind; create a new reward instead", { "value.kind": ["cannot change"] });
    await tx.update(rewards).set({ ...values, updatedAt: new Date() }).where(eq(rewards.id, rewardId));
    const { createdAt: _c, updatedAt: _u, id: _i, programId: _p, ...previous } = before;
    await recordAudit(tx, { actor: ctx.actor, action: "reward.update", entityType: "reward", entityId: rewardId, before: previous, after: values });
  });
}

/** Adds imported voucher codes to a reward's pool (and makes its redemptions draw from the pool). */
export async function importRewardCodes(db: Db, rewardId: string, codes: unknown, ctx: LoyaltyContext): Promise<{ added: number; duplicates: number }> {
  const list = parseInput(rewardCodesInput, codes, "codes");
  return db.transaction(async (tx) => {
    const reward = await getReward(tx, rewardId, { lock: true });
    if (!reward) throw new LoyaltyError("unknown_reward", `no reward ${rewardId}`);
    let added = 0;
    for (let i = 0; i < list.length; i += 5000) {
      const rows = await tx
        .insert(rewardCodes)
        .values(list.slice(i, i + 5000).map((code) => ({ rewardId, code })))
        .onConflictDoNothing()
        .returning({ id: rewardCodes.id });
      added += rows.length;
    }
    if (!reward.usesCodePool) await tx.update(rewards).set({ usesCodePool: true, updatedAt: new Date() }).where(eq(rewards.id, rewardId));
    await recordAudit(tx, { actor: ctx.actor, action: "reward.import_codes", entityType: "reward", entityId: rewardId, after: { added, duplicates: list.length - added } });
    return { added, duplicates: list.length - added };
  });
}
