import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { defaultProgramConfig, findMemberInScope } from "@/db/queries/loyalty/admin-views";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";
import { dryRun } from "@/lib/loyalty/dry-run";
import { LoyaltyError } from "@/lib/loyalty/errors";
import { zonedToIso } from "@/lib/loyalty/form-values";

/**
 * The basket preview of the rules page: POST a dry-run basket (lib/loyalty/schemas.ts dryRunInput) whose
 * `occurredAt` may be the program's wall clock ("2026-03-10T15:00", as the form's datetime input gives it).
 * Answers what the basket would earn, per line and rule, with every rule explained; nothing is written.
 * A member is looked up within the caller's scope: another store's member answers as unknown.
 */
export const POST = staffRoute("loyalty:view", async (request, viewer) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("invalid_input", "The body must be a JSON basket.");
  }
  const basket = { ...(typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}) };
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  if (typeof basket.occurredAt === "string") basket.occurredAt = zonedToIso(basket.occurredAt, program.timeZone) ?? basket.occurredAt;
  if (basket.memberExternalId === "") delete basket.memberExternalId;
  if (basket.storeCode === "") delete basket.storeCode;
  if (typeof basket.memberExternalId === "string" && !(await findMemberInScope(db, { externalId: basket.memberExternalId.trim(), scope: viewer.scope }))) {
    throw new LoyaltyError("unknown_member", `memberExternalId: no member "${basket.memberExternalId}"`, { memberExternalId: ["no such member"] });
  }
  const result = await dryRun(db, basket, {});
  return NextResponse.json({ ...result, occurredAt: basket.occurredAt, timeZone: program.timeZone });
});
