"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { defineAction } from "@/lib/auth/action";
import { createReward, importRewardCodes, updateReward } from "@/lib/loyalty/admin-rewards";
import { checkedInput } from "@/lib/loyalty/form-values";
import { rewardFormInput, rewardFromForm, type RewardFormValues } from "@/lib/loyalty/reward-form";
import { rewardInput } from "@/lib/loyalty/reward-schemas";

const rewardId = z.uuid({ error: "Not a reward id." });

function refresh(id: string): void {
  revalidatePath("/loyalty/rewards");
  revalidatePath(`/loyalty/rewards/${id}`);
}

async function rewardOf(values: RewardFormValues) {
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  return { db, reward: checkedInput(rewardFromForm(values, { timeZone: program.timeZone }), rewardInput) };
}

export const createRewardAction = defineAction({
  permission: "rewards:manage",
  input: z.object({ values: rewardFormInput }),
  handler: async (input, viewer) => {
    const { db, reward } = await rewardOf(input.values);
    const id = await createReward(db, reward, { actor: staffActor(viewer) });
    refresh(id);
    return { id };
  },
});

export const updateRewardAction = defineAction({
  permission: "rewards:manage",
  input: z.object({ rewardId, values: rewardFormInput }),
  handler: async (input, viewer) => {
    const { db, reward } = await rewardOf(input.values);
    await updateReward(db, input.rewardId, reward, { actor: staffActor(viewer) });
    refresh(input.rewardId);
    return { id: input.rewardId };
  },
});

/** Voucher codes pasted one per line (or separated by commas or spaces). */
export const importRewardCodesAction = defineAction({
  permission: "rewards:manage",
  input: z.object({ rewardId, codes: z.string().max(5_000_000) }),
  handler: async (input, viewer) => {
    const codes = input.codes.split(/[\s,;]+/).filter(Boolean);
    const result = await importRewardCodes(await getDb(), input.rewardId, codes, { actor: staffActor(viewer) });
    refresh(input.rewardId);
    return result;
  },
});
