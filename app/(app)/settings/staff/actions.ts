"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { changeStaffAccess, inviteStaff, issuePasswordReset, setStaffActive, unlockStaffLogin } from "@/db/queries/staff-admin";
import { staffRole } from "@/db/schema/enums";
import { defineAction } from "@/lib/auth/action";

// Checkboxes arrive as one comma-joined field (see StoreChoices), so the store list parses from a string too.
const storeIds = z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : (v ?? [])), z.array(z.guid()).max(200));
const staffId = z.object({ staffId: z.guid() });
const done = () => revalidatePath("/settings/staff");

/** Returns the set-password path with the token: shown to the admin once, never stored in plain. */
export const inviteStaffAction = defineAction({
  permission: "staff:manage",
  input: z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(320), role: z.enum(staffRole.enumValues), storeIds }),
  handler: async (input, viewer) => {
    const { token } = await inviteStaff(await getDb(), input, staffActor(viewer));
    done();
    return { path: `/set-password?token=${encodeURIComponent(token)}` };
  },
});

export const changeStaffAccessAction = defineAction({
  permission: "staff:manage",
  input: z.object({ staffId: z.guid(), role: z.enum(staffRole.enumValues), storeIds }),
  handler: async (input, viewer) => {
    await changeStaffAccess(await getDb(), input, staffActor(viewer));
    done();
    return { saved: true };
  },
});

export const setStaffActiveAction = defineAction({
  permission: "staff:manage",
  input: z.object({ staffId: z.guid(), active: z.enum(["true", "false"]).transform((v) => v === "true") }),
  handler: async (input, viewer) => {
    await setStaffActive(await getDb(), input, staffActor(viewer));
    done();
    return { active: input.active };
  },
});

export const unlockStaffAction = defineAction({
  permission: "staff:manage",
  input: staffId,
  handler: async (input, viewer) => {
    const result = await unlockStaffLogin(await getDb(), input, staffActor(viewer));
    done();
    return result;
  },
});

export const passwordResetAction = defineAction({
  permission: "staff:manage",
  input: staffId,
  handler: async (input, viewer) => {
    const { token } = await issuePasswordReset(await getDb(), input, staffActor(viewer));
    done();
    return { path: `/set-password?token=${encodeURIComponent(token)}` };
  },
});
