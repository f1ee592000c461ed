"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { LOGIN_WINDOW_MINUTES } from "@/lib/auth/login-throttle";

export interface LoginState {
  error?: "wrongCredentials" | "tooManyAttempts" | "invalidInput";
  minutes?: number;
  email?: string;
}

const loginSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
  callbackUrl: z.string().optional(),
});

/** Only relative paths inside the app may be returned to after sign-in (no open redirect). */
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/overview";
}

// The one public action: signing in. Everything it does is guarded by next-auth and the throttle in auth.ts.
export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const parsed = loginSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: "invalidInput", email: String(formData.get("email") ?? "") };
  const { email, password, callbackUrl } = parsed.data;
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallback(callbackUrl) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = "code" in error ? (error as { code?: string }).code : undefined;
      return code === "rate_limited"
        ? { error: "tooManyAttempts", minutes: LOGIN_WINDOW_MINUTES, email }
        : { error: "wrongCredentials", email };
    }
    throw error; // next-auth signals the successful redirect by throwing it
  }
}
