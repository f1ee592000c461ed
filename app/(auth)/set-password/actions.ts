"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { setPasswordWithToken } from "@/db/queries/staff-admin";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { AppError } from "@/lib/errors";

export interface SetPasswordState {
  error?: "tooShort" | "mismatch" | "token_unknown" | "token_used" | "token_expired" | "generic";
  done?: boolean;
}

const schema = z.object({
  token: z.string().min(10).max(200),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
  confirm: z.string().max(200),
});

/**
 * Public on purpose, like the login action: the caller has no session yet. The one-time token is the
 * credential (256 random bits, hashed at rest, single use, expiring), checked inside setPasswordWithToken.
 */
export async function setPasswordAction(_previous: SetPasswordState, formData: FormData): Promise<SetPasswordState> {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: parsed.error.issues.some((i) => i.path[0] === "password") ? "tooShort" : "token_unknown" };
  if (parsed.data.password !== parsed.data.confirm) return { error: "mismatch" };
  try {
    await setPasswordWithToken(await getDb(), { token: parsed.data.token, password: parsed.data.password });
    return { done: true };
  } catch (error) {
    if (error instanceof AppError && (error.message === "token_used" || error.message === "token_expired" || error.message === "token_unknown")) {
      return { error: error.message };
    }
    console.error(error);
    return { error: "generic" };
  }
}
