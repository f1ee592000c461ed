"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { staffActor } from "@/db/queries/audit";
import { getMemberBalance } from "@/db/queries/loyalty/points";
import { resolveProgramId } from "@/db/queries/loyalty/config";
import { defineAction } from "@/lib/auth/action";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { adjustPoints } from "@/lib/loyalty/adjustments";
import { LoyaltyError, type LoyaltyReason } from "@/lib/loyalty/errors";
import { intOrText } from "@/lib/loyalty/form-values";
import { redeemReward } from "@/lib/loyalty/redemption";

/** The member page's points actions. Each checks first that the caller's scope reaches the member. */

async function memberInReach(db: Db, memberId: string, scope: Scope): Promise<void> {
  const balance = await getMemberBalance(db, { programId: await resolveProgramId(db), memberId, scope });
  if (!balance) throw new AppError("not_found", "No such member.");
}

export const adjustPointsAction = defineAction({
  permission: "points:adjust",
  input: z.object({ memberId: z.guid(), points: z.string().max(20), reason: z.string().max(500) }),
  handler: async (input, viewer) => {
    const db = await getDb();
    await memberInReach(db, input.memberId, viewer.scope);
    const outcome = await adjustPoints(db, { memberId: input.memberId, points: intOrText(input.points), reason: input.reason }, { actor: staffActor(viewer) });
    revalidatePath(`/members/${input.memberId}`);
    return { points: outcome.points, available: outcome.balance.available };
  },
});

/** Refusals a member can meet at the counter: answered as an outcome the page explains, not as an error. */
const REFUSALS = ["reward_inactive", "outside_validity", "not_eligible", "balance_negative", "insufficient_points", "out_of_stock", "no_codes_left"] as const satisfies readonly LoyaltyReason[];
export type RedemptionRefusal = (typeof REFUSALS)[number];

export type RedeemOutcome =
  | { status: "issued"; code: string; points: number; validUntil: string | null; available: number }
  | { status: "refused"; reason: RedemptionRefusal };

export const redeemRewardAction = defineAction({
  permission: "rewards:redeem",
  // externalId: the form's own idempotency key, so a double click redeems once.
  input: z.object({ memberId: z.guid(), rewardId: z.guid({ error: "Choose a reward." }), externalId: z.string().min(8).max(100) }),
  handler: async (input, viewer): Promise<RedeemOutcome> => {
    const db = await getDb();
    await memberInReach(db, input.memberId, viewer.scope);
    try {
      const outcome = await redeemReward(db, input, { actor: staffActor(viewer) });
      revalidatePath(`/members/${input.memberId}`);
      return { status: "issued", code: outcome.code, points: outcome.points, validUntil: outcome.validUntil?.toISOString() ?? null, available: outcome.balance.available };
    } catch (error) {
      if (error instanceof LoyaltyError && (REFUSALS as readonly string[]).includes(error.reason)) return { status: "refused", reason: error.reason as RedemptionRefusal };
      throw error;
    }
  },
});
