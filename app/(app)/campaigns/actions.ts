"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { saveCampaignDraft, setCampaignApprovalThreshold } from "@/db/queries/campaigns";
import { defineAction } from "@/lib/auth/action";
import type { Viewer } from "@/lib/auth/session";
import { deliverDueCampaignMessages } from "@/lib/campaigns/deliver";
import { launchWithEstimate, type LaunchOutcome } from "@/lib/campaigns/launch";
import { changeCampaignStatus } from "@/lib/campaigns/lifecycle";
import { campaignInput } from "@/lib/campaigns/schemas";
import { AppError } from "@/lib/errors";

const campaignId = z.guid({ error: "Not a campaign id." });

function refresh(id?: string): void {
  revalidatePath("/campaigns");
  if (id) revalidatePath(`/campaigns/${id}`);
}

/** Creates a draft (no id) or saves a draft's changes (id and the version it was edited from). */
export const saveCampaignAction = defineAction({
  permission: "campaigns:manage",
  input: z.object({ id: campaignId.optional(), version: z.coerce.number().int().min(1).optional(), campaign: campaignInput }),
  handler: async (input, viewer) => {
    try {
      const saved = await saveCampaignDraft(await getDb(), { id: input.id, version: input.version, input: input.campaign, actor: staffActor(viewer) });
      refresh(saved.id);
      return saved;
    } catch (error) {
      // The draft's own checks name fields of the campaign ("budget"); the form knows them as "campaign.budget", as zod's errors.
      if (error instanceof AppError && error.fieldErrors) {
        throw new AppError(error.code, error.message, Object.fromEntries(Object.entries(error.fieldErrors).map(([key, messages]) => [`campaign.${key}`, messages])));
      }
      throw error;
    }
  },
});

/**
 * Launches (or approves and launches) and sends the offers due now right after the response (`after`),
 * instead of waiting for the delivery job's next slot.
 */
async function launchAndSend(campaignId: string, viewer: Viewer, actorIsAdmin: boolean): Promise<LaunchOutcome> {
  const db = await getDb();
  const outcome = await launchWithEstimate(db, { campaignId, actor: staffActor(viewer), actorIsAdmin });
  if (outcome.run && outcome.run.messages > 0) after(() => deliverDueCampaignMessages(db, new Date(), { campaignId }).then(() => undefined));
  refresh(campaignId);
  return outcome;
}

/** Launches a draft; a marketer's launch above the approval threshold stops at awaiting_approval. */
export const launchCampaignAction = defineAction({
  permission: "campaigns:launch",
  input: z.object({ id: campaignId }),
  handler: (input, viewer) => launchAndSend(input.id, viewer, viewer.role === "admin"),
});

/** An admin approves a campaign awaiting approval: the approval launches it (or schedules it). */
export const approveCampaignAction = defineAction({
  permission: "campaigns:approve",
  input: z.object({ id: campaignId }),
  handler: (input, viewer) => launchAndSend(input.id, viewer, true),
});

/** Pause, resume or cancel. */
export const changeCampaignStatusAction = defineAction({
  permission: "campaigns:launch",
  input: z.object({ id: campaignId, step: z.enum(["pause", "resume", "cancel"]) }),
  handler: async (input, viewer) => {
    const status = await changeCampaignStatus(await getDb(), { campaignId: input.id, step: input.step, actor: staffActor(viewer) });
    refresh(input.id);
    return { status };
  },
});

/** The program's approval threshold for campaigns (admins: the same permission that approves). */
export const setApprovalThresholdAction = defineAction({
  permission: "campaigns:approve",
  input: z.object({ approvalThreshold: z.string().trim().min(1, { error: "Enter an amount, for example 500.00." }).max(30) }),
  handler: async (input, viewer) => {
    const saved = await setCampaignApprovalThreshold(await getDb(), { amount: input.approvalThreshold, actor: staffActor(viewer) });
    refresh();
    return saved;
  },
});
