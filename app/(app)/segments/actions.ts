"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { archiveSegment, createSegment, duplicateSegment, updateSegment, type SegmentDetail } from "@/db/queries/segments";
import { requireRule } from "@/db/queries/segments-rule";
import { snapshotSavedSegment } from "@/db/queries/segments-snapshot";
import { defineAction } from "@/lib/auth/action";
import type { RuleNode } from "@/lib/segments/rule";
import { segmentDescription, segmentName } from "./schema";

/** A rule arrives as an object (from the builder) or as JSON text (a form field); requireRule validates it. */
const ruleInput = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}, z.unknown());

const segmentFields = {
  name: segmentName,
  description: segmentDescription,
  rule: ruleInput,
};

const id = z.guid({ error: "Not a segment id." });

/** What the builder needs back after a save. */
export interface SavedSegment {
  id: string;
  name: string;
  version: number;
}

const saved = (s: SegmentDetail): SavedSegment => ({ id: s.id, name: s.name, version: s.version });

function refresh(segmentId?: string): void {
  revalidatePath("/segments");
  if (segmentId) revalidatePath(`/segments/${segmentId}`);
}

export const createSegmentAction = defineAction({
  permission: "segments:manage",
  input: z.object(segmentFields),
  handler: async (input, viewer) => {
    const rule: RuleNode = requireRule(input.rule);
    const db = await getDb();
    const segment = await createSegment(db, { input: { name: input.name, description: input.description, rule }, actor: staffActor(viewer) });
    await snapshotSavedSegment(db, segment.id);
    refresh(segment.id);
    return saved(segment);
  },
});

export const updateSegmentAction = defineAction({
  permission: "segments:manage",
  input: z.object({ ...segmentFields, id, version: z.coerce.number().int().min(1) }),
  handler: async (input, viewer) => {
    const rule: RuleNode = requireRule(input.rule);
    const db = await getDb();
    const segment = await updateSegment(db, {
      id: input.id,
      version: input.version,
      input: { name: input.name, description: input.description, rule },
      actor: staffActor(viewer),
    });
    await snapshotSavedSegment(db, segment.id);
    refresh(segment.id);
    return saved(segment);
  },
});

export const duplicateSegmentAction = defineAction({
  permission: "segments:manage",
  input: z.object({ id }),
  handler: async (input, viewer) => {
    const db = await getDb();
    const segment = await duplicateSegment(db, { id: input.id, actor: staffActor(viewer) });
    await snapshotSavedSegment(db, segment.id);
    refresh(segment.id);
    return saved(segment);
  },
});

export const archiveSegmentAction = defineAction({
  permission: "segments:manage",
  input: z.object({ id }),
  handler: async (input, viewer) => {
    const segment = await archiveSegment(await getDb(), { id: input.id, actor: staffActor(viewer) });
    refresh(segment.id);
    return saved(segment);
  },
});
