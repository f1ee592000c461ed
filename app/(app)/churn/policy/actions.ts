"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { saveInterventionPolicy } from "@/db/queries/churn-policy";
import { defineAction } from "@/lib/auth/action";
import { savePolicyInput } from "@/lib/churn/policy";

/**
 * "Save policy" on /churn/policy: the edited rules become the next version (audited), used from the next
 * re-score on. A bad rule answers invalid_input naming the field (`rules.2.minRisk`); an edit of a version
 * someone has replaced meanwhile answers conflict. Nothing is written in either case.
 */
export const saveInterventionPolicyAction = defineAction({
  permission: "churn:policy",
  input: savePolicyInput,
  handler: async (input, viewer) => {
    const result = await saveInterventionPolicy(await getDb(), { input, actor: staffActor(viewer) });
    revalidatePath("/churn/policy");
    return result;
  },
});
