import "server-only";
import bcrypt from "bcryptjs";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { countFailedLogins, findStaffCredentials, recordLoginAttempt } from "@/db/queries/staff";
import { authConfig } from "./auth.config";
import { isLockedOut, LOGIN_WINDOW_MINUTES, loginDelayMs } from "./login-throttle";

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

// Compared against when the e-mail is unknown, so an unknown account takes as long as a wrong password.
const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.3hKJ5gV7o3Qm1i1eQeJ3ZJ6z1G2a";

function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(request);
        const db = await getDb();
        const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
        const failures = {
          account: await countFailedLogins(db, { email, since }),
          ip: ip ? await countFailedLogins(db, { ip, since }) : 0,
        };
        if (isLockedOut(failures)) throw new TooManyAttempts();
        await new Promise((resolve) => setTimeout(resolve, loginDelayMs(failures.account)));

        const staff = await findStaffCredentials(db, { email });
        const valid = await bcrypt.compare(password, staff?.passwordHash ?? DUMMY_HASH);
        const success = Boolean(staff && staff.active && valid);
        await recordLoginAttempt(db, { email, ip, success });
        return success && staff ? { id: staff.id, email } : null;
      },
    }),
  ],
});
