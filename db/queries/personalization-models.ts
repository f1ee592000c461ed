import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { personalizationModels } from "../schema";

export type PersonalizationModelKind = (typeof personalizationModels.$inferSelect)["kind"];

/** A trained personalization model as the model page shows it: when, on how much, and its held-out figures. */
export interface PersonalizationModelSummary {
  id: string;
  kind: PersonalizationModelKind;
  trainedAt: Date;
  trainedThrough: Date;
  samples: number;
  elapsedMs: number;
  /** Held-out figures by name (db/queries/recommendations-train.ts, db/queries/offer-propensity.ts). */
  metrics: Record<string, number>;
}

/** The latest `limit` trainings of one kind, newest first (no coefficients: the page needs the figures only). */
export async function listPersonalizationModels(db: Db, params: { kind: PersonalizationModelKind; limit: number }): Promise<PersonalizationModelSummary[]> {
  const rows = await db
    .select({
      id: personalizationModels.id,
      kind: personalizationModels.kind,
      trainedAt: personalizationModels.createdAt,
      trainedThrough: personalizationModels.trainedThrough,
      samples: personalizationModels.samples,
      elapsedMs: personalizationModels.elapsedMs,
      metrics: personalizationModels.metrics,
    })
    .from(personalizationModels)
    .where(eq(personalizationModels.kind, params.kind))
    .orderBy(desc(personalizationModels.createdAt), desc(personalizationModels.id))
    .limit(params.limit);
  return rows;
}
