import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { buildContentSecurityPolicy, createNonce } from "@/lib/security/csp";

const { auth } = NextAuth(authConfig);

/**
 * Sends signed-out visitors to /login before any page renders (through `authorized` in auth.config.ts) and
 * gives every page a fresh CSP nonce: Next.js reads it from the request's policy header and puts it on its
 * own scripts; the root layout reads `x-nonce` for next-themes' inline script. The redirect is a
 * convenience, not the guard: every page, action and route checks the session and the permission matrix.
 */
export default auth((request) => {
  // With a handler of our own, next-auth leaves the redirect for `authorized() === false` to us.
  if (!authConfig.callbacks.authorized({ auth: request.auth, request })) {
    const login = request.nextUrl.clone();
    login.pathname = "/login";
    login.search = "";
    login.searchParams.set("callbackUrl", request.nextUrl.href);
    return NextResponse.redirect(login);
  }
  const nonce = createNonce();
  const policy = buildContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
});

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)"],
};
