"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { defineAction } from "@/lib/auth/action";
import { createTier, deactivateTier, updateProgramPolicy, updateTier } from "@/lib/loyalty/admin-program";
import { checkedInput } from "@/lib/loyalty/form-values";
import { policyFormInput, policyFromForm, tierFormInput, tierFromForm, type TierFormValues } from "@/lib/loyalty/program-form";
import { tierInput } from "@/lib/loyalty/rule-schemas";

/** Tiers and the program's policies: program configuration, so the same permission as earning rules. */

const tierId = z.uuid({ error: "Not a tier id." });

function refresh(): void {
  revalidatePath("/loyalty/tiers");
  revalidatePath("/loyalty/rules");
}

async function tierOf(values: TierFormValues) {
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  return { db, tier: checkedInput(tierFromForm(values, { basis: program.tierBasis, currency: program.currency }), tierInput) };
}

export const createTierAction = defineAction({
  permission: "rules:manage",
  input: tierFormInput,
  handler: async (input, viewer) => {
    const { db, tier } = await tierOf(input);
    const id = await createTier(db, tier, { actor: staffActor(viewer) });
    refresh();
    return { id };
  },
});

export const updateTierAction = defineAction({
  permission: "rules:manage",
  input: tierFormInput.extend({ tierId }),
  handler: async ({ tierId: id, ...values }, viewer) => {
    const { db, tier } = await tierOf(values);
    await updateTier(db, id, tier, { actor: staffActor(viewer) });
    refresh();
    return { id };
  },
});

export const deactivateTierAction = defineAction({
  permission: "rules:manage",
  input: z.object({ tierId }),
  handler: async (input, viewer) => {
    await deactivateTier(await getDb(), input.tierId, { actor: staffActor(viewer) });
    refresh();
  },
});

export const updatePolicyAction = defineAction({
  permission: "rules:manage",
  input: policyFormInput,
  handler: async (input, viewer) => {
    await updateProgramPolicy(await getDb(), policyFromForm(input), { actor: staffActor(viewer) });
    refresh();
  },
});
