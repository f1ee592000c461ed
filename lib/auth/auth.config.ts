import type { NextAuthConfig } from "next-auth";
import type { StaffRole } from "@/db/schema/enums";

/**
 * The edge-safe half of the next-auth setup (no database, no bcrypt): used by proxy.ts to send signed-out
 * visitors to /login. The credentials provider lives in auth.ts.
 */
/** How long a session lasts without activity (next-auth re-issues the cookie on use). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      // /set-password is reached from an invitation link before the person has a password; its token is the check.
      const isPublic = path === "/login" || path === "/set-password" || path.startsWith("/api/");
      return isPublic || Boolean(auth?.user);
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        // One id per sign-in, kept through re-issues, so a sign-out can revoke exactly this session.
        token.sid = crypto.randomUUID();
        token.role = (user as { role?: StaffRole }).role;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") (session as { sessionId?: string }).sessionId = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;
