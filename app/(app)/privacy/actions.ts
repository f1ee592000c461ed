"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { defineAction } from "@/lib/auth/action";
import { updateRetentionSettings } from "@/lib/privacy/retention";
import { privacySettingsSchema } from "@/lib/privacy/schemas";

export const updateRetentionAction = defineAction({
  permission: "privacy:manage",
  input: privacySettingsSchema,
  handler: async (input, viewer) => {
    const saved = await updateRetentionSettings(await getDb(), input, staffActor(viewer));
    revalidatePath("/privacy");
    return saved;
  },
});
