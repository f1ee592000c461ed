"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { createWebhookEndpoint, setWebhookEndpointActive } from "@/db/queries/webhooks";
import { webhookEventType } from "@/db/schema";
import { webhookUrlProblem } from "@/lib/api/webhooks/address";
import { defineAction } from "@/lib/auth/action";

const createWebhookSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, normalize: true })
    .max(2000)
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  description: z.string().trim().max(200).optional(),
  events: z.array(z.enum(webhookEventType.enumValues)).min(1, "Choose at least one event."),
});

// Webhook endpoints are part of the API integration an admin manages beside its keys: same permission.
export const createWebhookAction = defineAction({
  permission: "api_keys:manage",
  input: createWebhookSchema,
  handler: async (input, viewer) => {
    const endpoint = await createWebhookEndpoint(await getDb(), {
      url: input.url,
      description: input.description || null,
      events: input.events,
      actor: { kind: "staff", id: viewer.id },
    });
    revalidatePath("/settings/webhooks");
    return endpoint;
  },
});

export const setWebhookActiveAction = defineAction({
  permission: "api_keys:manage",
  input: z.object({ id: z.uuid(), active: z.boolean() }),
  handler: async (input, viewer) => {
    await setWebhookEndpointActive(await getDb(), { id: input.id, active: input.active, actor: { kind: "staff", id: viewer.id } });
    revalidatePath("/settings/webhooks");
  },
});
