import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { profileSegment, sizeOfUntrustedRule } from "@/db/queries/segments-count";
import { requireRule } from "@/db/queries/segments-rule";
import type { Scope } from "@/lib/auth/permissions";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";

/**
 * The builder's live size: GET /api/segments/count?rule=<URL-encoded JSON>[&profile=1], or POST the same as
 * JSON `{ rule, profile }` when the rule is too long for a URL. Answers
 * `{ size: { count, total, shareOfMembers, revenueMinor, totalRevenueMinor, shareOfRevenue }, profile? }`,
 * counted within the caller's scope; a bad rule answers 400 with the reason and its place in the rule.
 *
 * The client cancels a stale request with an AbortController: the browser drops the response, and the
 * server skips the profile when the request was aborted after the size. A count already running in
 * PostgreSQL runs to its end (tens of milliseconds by design; see docs/segments.md).
 */
async function answer(request: Request, scope: Scope, input: unknown, withProfile: boolean): Promise<Response> {
  const db = await getDb();
  const now = new Date();
  const size = await sizeOfUntrustedRule(db, { input, scope, now });
  if (!withProfile || request.signal.aborted) return NextResponse.json({ size });
  const profile = await profileSegment(db, { rule: requireRule(input), scope, now });
  return NextResponse.json({ size, profile });
}

export const GET = staffRoute("segments:view", async (request, viewer) => {
  const url = new URL(request.url);
  const text = url.searchParams.get("rule");
  if (text === null) throw new AppError("invalid_input", "rule: missing (a URL-encoded JSON rule)", { rule: ["missing"] });
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "rule: must be JSON", { rule: ["must be JSON"] });
  }
  return answer(request, viewer.scope, input, url.searchParams.get("profile") === "1");
});

export const POST = staffRoute("segments:view", async (request, viewer) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("invalid_input", "The body must be JSON: { rule, profile }.");
  }
  const { rule, profile } = (typeof body === "object" && body !== null ? body : {}) as { rule?: unknown; profile?: unknown };
  return answer(request, viewer.scope, rule, profile === true);
});
