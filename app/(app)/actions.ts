"use server";

import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { getDb } from "@/db";
import { revokeSession } from "@/db/queries/staff";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/auth.config";
import { signOut } from "@/lib/auth/auth";

export const signOutAction = defineAction({
  permission: "signed_in",
  input: z.object({}),
  handler: async (_input, viewer) => {
    if (viewer.sessionId) {
      // Each use re-issues the cookie for another SESSION_MAX_AGE, so a copy in use could outlive a short
      // revocation: keep it for 30 such periods (10 days).
      const expiresAt = new Date(Date.now() + 30 * SESSION_MAX_AGE_SECONDS * 1000);
      await revokeSession(await getDb(), { sessionId: viewer.sessionId, staffUserId: viewer.id, expiresAt });
    }
    await signOut({ redirectTo: "/login" });
  },
});
