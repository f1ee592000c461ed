"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { markContacted, recordContactOutcome } from "@/db/queries/churn-contacts";
import { requestScoreRun } from "@/db/queries/churn-score";
import { churnContactOutcome } from "@/db/schema";
import { defineAction } from "@/lib/auth/action";

/** "Contacted" on a row of the at-risk list: the member, the run the list came from, an optional note. */
export const markContactedAction = defineAction({
  permission: "churn:contact",
  input: z.object({
    memberId: z.guid({ error: "Not a member id." }),
    runId: z.guid({ error: "Not a score run id." }),
    note: z.string().trim().max(500, { error: "At most 500 characters." }).optional(),
  }),
  handler: async (input, viewer) => {
    const result = await markContacted(await getDb(), { ...input, scope: viewer.scope, actor: staffActor(viewer) });
    revalidatePath("/churn");
    return result;
  },
});

/** What came of a contact. */
export const recordContactOutcomeAction = defineAction({
  permission: "churn:contact",
  input: z.object({
    contactId: z.guid({ error: "Not a contact id." }),
    outcome: z.enum(churnContactOutcome.enumValues, { error: "Choose an outcome." }),
  }),
  handler: async (input, viewer) => {
    await recordContactOutcome(await getDb(), { ...input, scope: viewer.scope, actor: staffActor(viewer) });
    revalidatePath("/churn");
    return { contactId: input.contactId };
  },
});

/** "Re-score now": queues a re-score of every member (retraining first when asked); the page polls its progress. */
export const rescoreAction = defineAction({
  permission: "models:run",
  input: z.object({ retrain: z.union([z.boolean(), z.stringbool()]).optional().default(false) }),
  handler: async (input, viewer) => {
    const run = await requestScoreRun(await getDb(), { retrain: input.retrain, actor: staffActor(viewer) });
    revalidatePath("/churn");
    return run;
  },
});
