"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { createSegment } from "@/db/queries/segments";
import { loadRfmValues } from "@/db/queries/segments-rfm";
import { snapshotSavedSegment } from "@/db/queries/segments-snapshot";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { RFM_SEGMENTS } from "@/lib/models/rfm";
import { rfmSegmentRule, summarizeRfm } from "@/lib/segments/rfm";
import { segmentDescription, segmentName } from "../schema";

/**
 * Saves a named RFM segment as a rule segment (kind `rfm`): the scores are computed again here, over the
 * caller's members as of now, and written as raw-value cut points (lib/segments/rfm.ts). The client sends
 * only which segment and the name in its language, never thresholds.
 */
export const saveRfmSegmentAction = defineAction({
  permission: "segments:manage",
  input: z.object({
    segment: z.enum(RFM_SEGMENTS, { error: "Not an RFM segment." }),
    name: segmentName,
    description: segmentDescription,
  }),
  handler: async (input, viewer) => {
    const db = await getDb();
    const summary = summarizeRfm(await loadRfmValues(db, { scope: viewer.scope, now: new Date() }));
    const rule = rfmSegmentRule(input.segment, summary.cuts);
    if (!rule) throw new AppError("invalid_input", "segment: holds no members today", { segment: ["holds no members today"] });
    const segment = await createSegment(db, { input: { name: input.name, description: input.description, rule, kind: "rfm" }, actor: staffActor(viewer) });
    await snapshotSavedSegment(db, segment.id);
    revalidatePath("/segments");
    return { id: segment.id, name: segment.name };
  },
});
