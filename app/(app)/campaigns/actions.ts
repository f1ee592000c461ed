"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { saveCampaignDraft } from "@/db/queries/campaigns";
import { defineAction } from "@/lib/auth/action";
import { deliverDueCampaignMessages } from "@/lib/campaigns/deliver";
import { estimateCampaign } from "@/lib/campaigns/estimate";
import { launchCampaign, type LaunchOutcome } from "@/lib/campaigns/launch";
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
 * Launches a draft (or, for an admin, approves one awaiting approval). Offers due now are sent right after
 * the response (`after`), instead of waiting for the delivery job's next slot.
 */
export const launchCampaignAction = defineAction({
  permission: "campaigns:launch",
  input: z.object({ id: campaignId }),
  handler: async (input, viewer): Promise<LaunchOutcome> => {
    const db = await getDb();
    const estimate = await estimateCampaign(db, { campaignId: input.id });
    const outcome = await launchCampaign(db, {
      campaignId: input.id,
      actor: staffActor(viewer),
      actorIsAdmin: viewer.role === "admin",
      estimate: { treated: estimate.treated, dearestOfferMinor: estimate.dearestOfferMinor },
    });
    if (outcome.run && outcome.run.messages > 0) after(() => deliverDueCampaignMessages(db, new Date(), { campaignId: input.id }).then(() => undefined));
    refresh(input.id);
    return outcome;
  },
});

/** An admin approves a campaign awaiting approval: the approval launches it (or schedules it). */
export const approveCampaignAction = defineAction({
  permission: "campaigns:approve",
  input: z.object({ id: campaignId }),
  handler: async (input, viewer): Promise<LaunchOutcome> => {
    const db = await getDb();
    const estimate = await estimateCampaign(db, { campaignId: input.id });
    const outcome = await launchCampaign(db, { campaignId: input.id, actor: staffActor(viewer), actorIsAdmin: true, estimate });
    if (outcome.run && outcome.run.messages > 0) after(() => deliverDueCampaignMessages(db, new Date(), { campaignId: input.id }).then(() => undefined));
    refresh(input.id);
    return outcome;
  },
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
