import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { getScoreRunProgress } from "@/db/queries/churn-score";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";

/** Polled by the re-score panel while a run is queued or running (components/churn/rescore-panel.tsx). */
export const GET = staffRoute<{ params: Promise<{ id: string }> }>("churn:view", async (_request, _viewer, { params }) => {
  const { id } = await params;
  const progress = await getScoreRunProgress(await getDb(), { id });
  if (!progress) throw new AppError("not_found", "No such score run.");
  return NextResponse.json(progress, { headers: { "cache-control": "no-store" } });
});
