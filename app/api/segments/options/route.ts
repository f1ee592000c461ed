import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { segmentBuilderOptions } from "@/db/queries/segments";
import { staffRoute } from "@/lib/auth/route";

/** GET /api/segments/options: the stores (the caller's), categories and saved segments the builder's pickers offer. */
export const GET = staffRoute("segments:view", async (_request, viewer) => {
  return NextResponse.json(await segmentBuilderOptions(await getDb(), { scope: viewer.scope }));
});
