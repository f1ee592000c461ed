"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { createApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { apiChannel } from "@/db/schema";
import { defineAction } from "@/lib/auth/action";

const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    source: z
      .string()
      .trim()
      .regex(/^$|^[a-z0-9][a-z0-9_-]{0,59}$/, "Lower-case letters, digits, - and _.")
      .optional(),
    channels: z.array(z.enum(apiChannel.enumValues)).min(1, "Choose at least one channel."),
    allStores: z.boolean(),
    storeIds: z.array(z.uuid()).default([]),
    rateLimitPerMinute: z.union([z.literal(""), z.coerce.number().int().min(1).max(1_000_000)]).optional(),
  })
  .refine((v) => v.allStores || v.storeIds.length > 0, { path: ["storeIds"], message: "Choose at least one store." });

export const createApiKeyAction = defineAction({
  permission: "api_keys:manage",
  input: createApiKeySchema,
  handler: async (input, viewer) => {
    const key = await createApiKey(await getDb(), {
      name: input.name,
      source: input.source || undefined,
      channels: input.channels,
      stores: input.allStores ? "all" : input.storeIds,
      rateLimitPerMinute: input.rateLimitPerMinute === "" ? null : (input.rateLimitPerMinute ?? null),
      actor: { kind: "staff", id: viewer.id },
    });
    revalidatePath("/settings/api-keys");
    return { publicId: key.publicId, token: key.token };
  },
});

export const revokeApiKeyAction = defineAction({
  permission: "api_keys:manage",
  input: z.object({ id: z.uuid() }),
  handler: async (input, viewer) => {
    await revokeApiKey(await getDb(), { id: input.id, actor: { kind: "staff", id: viewer.id } });
    revalidatePath("/settings/api-keys");
  },
});
