"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { consentStatus } from "@/db/schema/privacy";
import { defineAction } from "@/lib/auth/action";
import { recordConsents } from "@/lib/privacy/consent";
import { eraseMember } from "@/lib/privacy/erasure";
import { CONSENT_PURPOSES, LAWFUL_BASES } from "@/lib/privacy/purposes";

/** One consent decision recorded by staff on the member page (source `ui`). */
export const recordConsentAction = defineAction({
  permission: "consent:manage",
  input: z.object({
    memberId: z.guid(),
    purpose: z.enum(CONSENT_PURPOSES),
    status: z.enum(consentStatus.enumValues),
    lawfulBasis: z.enum(LAWFUL_BASES),
  }),
  handler: async ({ memberId, ...change }, viewer) => {
    await recordConsents(await getDb(), { memberId, source: "ui", changes: [change] }, { actor: staffActor(viewer), scope: viewer.scope });
    revalidatePath(`/members/${memberId}`);
    return { purpose: change.purpose, status: change.status };
  },
});

/** Erasure on the member's request; the form makes the admin tick a confirmation first. */
export const eraseMemberAction = defineAction({
  permission: "privacy:requests",
  input: z.object({ memberId: z.guid(), confirm: z.literal("on") }),
  handler: async ({ memberId }, viewer) => {
    const result = await eraseMember(await getDb(), { memberId, scope: viewer.scope, actor: staffActor(viewer) });
    revalidatePath(`/members/${memberId}`);
    return { erased: result.memberIds.length };
  },
});
