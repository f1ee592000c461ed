import "server-only";
import type { Db } from "../client";
import { engagementEvents } from "../schema";
import type { EngagementChannel, EngagementType } from "../schema/enums";

export interface NewEngagementEvent {
  memberId: string;
  externalId: string;
  channel: EngagementChannel;
  type: EngagementType;
  occurredAt: Date;
  properties: Record<string, unknown>;
}

/**
 * Stores events once per (source, external id), in one statement: a repeat, in this batch or from an
 * earlier one, is skipped by the unique constraint. Returns the external ids this call stored.
 */
export async function insertEngagementEvents(db: Db, params: { source: string; events: readonly NewEngagementEvent[] }): Promise<Set<string>> {
  if (params.events.length === 0) return new Set();
  const inserted = await db
    .insert(engagementEvents)
    .values(params.events.map((e) => ({ ...e, source: params.source })))
    .onConflictDoNothing({ target: [engagementEvents.source, engagementEvents.externalId] })
    .returning({ externalId: engagementEvents.externalId });
  return new Set(inserted.map((r) => r.externalId));
}
