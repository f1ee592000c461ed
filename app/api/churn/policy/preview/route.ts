import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { parsePolicyInput, previewInterventionPolicy } from "@/db/queries/churn-policy";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";

/**
 * The policy editor's preview: POST `{ rules }` (as the editor holds them) answers how many members of the
 * latest score run each rule would be the first to match (`PolicyPreview`), or `null` before any run; bad
 * rules answer 400 naming the field (`rules.2.minRisk`). Program-wide counts, so for the policy's editors only.
 */
export const POST = staffRoute("churn:policy", async (request) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("invalid_input", "The body must be JSON: { rules }.");
  }
  const rules = typeof body === "object" && body !== null ? (body as { rules?: unknown }).rules : undefined;
  const policy = parsePolicyInput({ baseVersion: 0, rules });
  const preview = await previewInterventionPolicy(await getDb(), { rules: policy.rules });
  return NextResponse.json(preview, { headers: { "cache-control": "no-store" } });
});
