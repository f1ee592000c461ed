import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { resolveProgramId } from "@/db/queries/loyalty/config";
import { bumpProgramRevision } from "@/db/queries/loyalty/rules";
import { loyaltyPrograms, loyaltyTiers } from "@/db/schema";
import type { LoyaltyContext } from "./context";
import { LoyaltyError, parseInput } from "./errors";
import { programPolicyInput, tierInput } from "./rule-schemas";

/** Program, policy and tier administration; every change audited and bumping the program's revision. */

const programCode = z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9_.-]*$/i, { error: "letters, digits, '.', '_' and '-' only" });

/** A further program (a second brand, or a test's own): its own policies, rules, tiers, rewards and balances. */
export async function createLoyaltyProgram(db: Db, input: { code: string } & z.input<typeof programPolicyInput>, ctx: Pick<LoyaltyContext, "actor">): Promise<string> {
  const code = parseInput(programCode, input.code, "code");
  const { code: _code, ...rest } = input;
  const policy = parseInput(programPolicyInput, rest);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(loyaltyPrograms)
      .values({ code, name: policy.name ?? code, ...policy })
      .returning({ id: loyaltyPrograms.id });
    if (!row) throw new Error("program insert returned nothing");
    await recordAudit(tx, { actor: ctx.actor, action: "loyalty_program.create", entityType: "loyalty_program", entityId: row.id, after: { code, ...policy } });
    return row.id;
  });
}

export async function updateProgramPolicy(db: Db, input: unknown, ctx: LoyaltyContext): Promise<void> {
  const patch = parseInput(programPolicyInput, input);
  const programId = await resolveProgramId(db, ctx.programId);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(loyaltyPrograms).where(eq(loyaltyPrograms.id, programId)).for("update");
    if (!before) throw new LoyaltyError("unknown_program", `no loyalty program ${programId}`);
    const expiryKind = patch.expiryKind ?? before.expiryKind;
    if (expiryKind === "fixed_date" && !(patch.expiryDate ?? before.expiryDate)) {
      throw new LoyaltyError("invalid_input", "expiryDate: is required when points expire on a fixed date", { expiryDate: ["is required"] });
    }
    await tx.update(loyaltyPrograms).set(patch).where(eq(loyaltyPrograms.id, programId));
    await bumpProgramRevision(tx, programId);
    const picked = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof before]]));
    await recordAudit(tx, { actor: ctx.actor, action: "loyalty_program.update", entityType: "loyalty_program", entityId: programId, before: picked, after: patch });
  });
}

export async function createTier(db: Db, input: unknown, ctx: LoyaltyContext): Promise<string> {
  const tier = parseInput(tierInput, input);
  const programId = await resolveProgramId(db, ctx.programId);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(loyaltyTiers).values({ programId, ...tier }).returning({ id: loyaltyTiers.id });
    if (!row) throw new Error("tier insert returned nothing");
    await bumpProgramRevision(tx, programId);
    await recordAudit(tx, { actor: ctx.actor, action: "tier.create", entityType: "loyalty_tier", entityId: row.id, after: tier });
    return row.id;
  });
}

/** Changes a tier's name, rank, threshold or benefits; members keep their tier until it is next evaluated. */
export async function updateTier(db: Db, tierId: string, input: unknown, ctx: LoyaltyContext): Promise<void> {
  const tier = parseInput(tierInput, input);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(loyaltyTiers).where(eq(loyaltyTiers.id, tierId)).for("update");
    if (!before) throw new LoyaltyError("unknown_tier", `no tier ${tierId}`);
    await tx.update(loyaltyTiers).set({ ...tier, updatedAt: new Date() }).where(eq(loyaltyTiers.id, tierId));
    await bumpProgramRevision(tx, before.programId);
    const { name, rank, threshold, earningFactor, benefits } = before;
    await recordAudit(tx, { actor: ctx.actor, action: "tier.update", entityType: "loyalty_tier", entityId: tierId, before: { name, rank, threshold, earningFactor, benefits }, after: tier });
  });
}

/** Retires a tier: members in it drop at the next review (or stay, under the `never` policy). */
export async function deactivateTier(db: Db, tierId: string, ctx: LoyaltyContext): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.update(loyaltyTiers).set({ active: false, updatedAt: new Date() }).where(eq(loyaltyTiers.id, tierId)).returning({ programId: loyaltyTiers.programId });
    if (!before) throw new LoyaltyError("unknown_tier", `no tier ${tierId}`);
    await bumpProgramRevision(tx, before.programId);
    await recordAudit(tx, { actor: ctx.actor, action: "tier.deactivate", entityType: "loyalty_tier", entityId: tierId, before: { active: true }, after: { active: false } });
  });
}
