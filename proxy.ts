import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/auth.config";

// Sends signed-out visitors to /login before any page renders. This is a convenience, not the guard:
// every page, action and route checks the session and the permission matrix itself (lib/auth).
export default NextAuth(authConfig).auth;

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)"],
};
