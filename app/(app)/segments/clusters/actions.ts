"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { runMicroSegments, saveClusterAsSegment } from "@/db/queries/segments-clusters";
import { defineAction } from "@/lib/auth/action";
import { segmentDescription, segmentName } from "../schema";

/** Runs the AI micro-segment model over the caller's members (seconds at demo scale); k "auto" is chosen by silhouette. */
export const runClusteringAction = defineAction({
  permission: "models:run",
  input: z.object({
    k: z.union([z.literal("auto"), z.coerce.number().int().min(3, { error: "Between 3 and 10." }).max(10, { error: "Between 3 and 10." })]).default("auto"),
  }),
  handler: async (input, viewer) => {
    const run = await runMicroSegments(await getDb(), { scope: viewer.scope, now: new Date(), actor: staffActor(viewer), k: input.k === "auto" ? undefined : input.k });
    revalidatePath("/segments/clusters");
    return { id: run.id, k: run.k, moved: run.comparison?.moved ?? null };
  },
});

/** Saves one cluster of the latest run as a segment of its members (a stored list, kind `cluster`). */
export const saveClusterSegmentAction = defineAction({
  permission: "segments:manage",
  input: z.object({
    runId: z.guid({ error: "Not a run id." }),
    cluster: z.coerce.number().int().min(0).max(100),
    name: segmentName,
    description: segmentDescription,
  }),
  handler: async (input, viewer) => {
    const segment = await saveClusterAsSegment(await getDb(), { ...input, actor: staffActor(viewer), now: new Date() });
    revalidatePath("/segments");
    return { id: segment.id, name: segment.name };
  },
});
