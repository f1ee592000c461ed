"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { listEarningRuleVersions } from "@/db/queries/loyalty/rules";
import { defineAction } from "@/lib/auth/action";
import { createEarningRule, setEarningRuleActive, updateEarningRule } from "@/lib/loyalty/admin-rules";
import { LoyaltyError } from "@/lib/loyalty/errors";
import { checkedInput } from "@/lib/loyalty/form-values";
import { ruleFormInput, ruleFromForm, type RuleFormValues } from "@/lib/loyalty/rule-form";
import { earningRuleInput } from "@/lib/loyalty/rule-schemas";

const ruleId = z.uuid({ error: "Not a rule id." });

function refresh(id: string): void {
  revalidatePath("/loyalty/rules");
  revalidatePath(`/loyalty/rules/${id}`);
}

async function ruleOf(values: RuleFormValues) {
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  return { db, rule: checkedInput(ruleFromForm(values, { currency: program.currency, timeZone: program.timeZone }), earningRuleInput) };
}

export const createRuleAction = defineAction({
  permission: "rules:manage",
  input: z.object({ values: ruleFormInput }),
  handler: async (input, viewer) => {
    const { db, rule } = await ruleOf({ ...input.values, active: true });
    const change = await createEarningRule(db, rule, { actor: staffActor(viewer) });
    refresh(change.ruleId);
    return change;
  },
});

export const updateRuleAction = defineAction({
  permission: "rules:manage",
  input: z.object({ ruleId, values: ruleFormInput }),
  handler: async (input, viewer) => {
    const { db, rule } = await ruleOf(input.values);
    // An edit keeps the rule archived or active as it is: archiving and restoring are their own versions.
    const [current] = await listEarningRuleVersions(db, { ruleId: input.ruleId });
    if (!current) throw new LoyaltyError("unknown_rule", "no such rule");
    const change = await updateEarningRule(db, input.ruleId, { ...rule, active: current.active }, { actor: staffActor(viewer) });
    refresh(change.ruleId);
    return change;
  },
});

export const setRuleActiveAction = defineAction({
  permission: "rules:manage",
  input: z.object({ ruleId, active: z.boolean() }),
  handler: async (input, viewer) => {
    const change = await setEarningRuleActive(await getDb(), input.ruleId, input.active, { actor: staffActor(viewer) });
    refresh(change.ruleId);
    return change;
  },
});
