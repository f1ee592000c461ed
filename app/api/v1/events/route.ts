import { memberIdsByExternalId } from "@/db/queries/api-members";
import { insertEngagementEvents } from "@/db/queries/engagement-events";
import { AppError, type FieldErrors } from "@/lib/errors";
import { apiRoute } from "@/lib/api/route";
import { keyReachesEngagementChannel } from "@/lib/api/scope";
import { engagementEventBatchSchema, engagementEventResultSchema } from "@/lib/api/schemas/events";

export const POST = apiRoute({
  method: "POST",
  path: "/events",
  tag: "Engagement",
  summary: "Record engagement events (one, or a batch of up to 1,000)",
  description:
    "Events are stored once per (key source, `externalId`): resending an event, or a whole batch, is safe. " +
    "Either every event is accepted or none is (400 naming each bad event).",
  input: { body: engagementEventBatchSchema },
  output: engagementEventResultSchema,
  errors: ["forbidden"],
  examples: {
    body: { events: [{ externalId: "evt-8812", memberExternalId: "M-100234", channel: "app", type: "app_open", occurredAt: "2025-03-14T15:09:26Z" }] },
    response: { received: 1, created: 1, duplicates: 0, results: [{ externalId: "evt-8812", status: "created" }] },
  },
  handler: async ({ body, key, db }) => {
    const forbidden: FieldErrors = {};
    body.events.forEach((e, i) => {
      if (!keyReachesEngagementChannel(key, e.channel)) forbidden[`events.${i}.channel`] = ["Outside this API key's channels."];
    });
    if (Object.keys(forbidden).length > 0) throw new AppError("forbidden", "This API key may not send events for these channels.", forbidden);

    const memberIds = await memberIdsByExternalId(db, { externalIds: body.events.map((e) => e.memberExternalId) });
    const unknown: FieldErrors = {};
    body.events.forEach((e, i) => {
      if (!memberIds.has(e.memberExternalId)) unknown[`events.${i}.memberExternalId`] = ["No member with this external id."];
    });
    if (Object.keys(unknown).length > 0) throw new AppError("invalid_input", `Unknown members: ${Object.keys(unknown).join(", ")}.`, unknown);

    const created = await insertEngagementEvents(db, {
      source: key.source,
      events: body.events.map((e) => ({
        memberId: memberIds.get(e.memberExternalId)!,
        externalId: e.externalId,
        channel: e.channel,
        type: e.type,
        occurredAt: new Date(e.occurredAt),
        properties: e.properties ?? {},
      })),
    });
    // An id repeated inside the batch is stored by its first occurrence; later ones are duplicates.
    const seen = new Set<string>();
    const results = body.events.map((e) => {
      const first = !seen.has(e.externalId);
      seen.add(e.externalId);
      return { externalId: e.externalId, status: first && created.has(e.externalId) ? ("created" as const) : ("duplicate" as const) };
    });
    const createdCount = results.filter((r) => r.status === "created").length;
    return { received: body.events.length, created: createdCount, duplicates: body.events.length - createdCount, results };
  },
});
