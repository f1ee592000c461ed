"use server";

import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { signOut } from "@/lib/auth/auth";

export const signOutAction = defineAction({
  permission: "signed_in",
  input: z.object({}),
  handler: async () => {
    await signOut({ redirectTo: "/login" });
  },
});
