"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { defineAction } from "@/lib/auth/action";
import { rectifyMember } from "@/lib/privacy/rectification";
import { rectifyMemberSchema } from "@/lib/privacy/schemas";

/** Rectification: staff correct a member's profile at the member's request. */
export const rectifyMemberAction = defineAction({
  permission: "members:rectify",
  input: rectifyMemberSchema,
  handler: async (input, viewer) => {
    const result = await rectifyMember(await getDb(), input, { actor: staffActor(viewer), scope: viewer.scope });
    revalidatePath(`/members/${input.memberId}`);
    return result;
  },
});
