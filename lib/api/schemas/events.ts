import { z } from "zod";
import { engagementChannel, engagementType } from "@/db/schema/enums";
import { externalIdSchema, timestampSchema } from "./common";

export const MAX_EVENTS_PER_REQUEST = 1000;

const MAX_PROPERTIES_BYTES = 4096;

export const engagementEventSchema = z.strictObject({
  externalId: z.string().trim().min(1).max(200).meta({ description: "Your id of the event; an event sent twice is stored once." }),
  memberExternalId: externalIdSchema,
  channel: z.enum(engagementChannel.enumValues).meta({ description: "Must be covered by the key's channels (online covers web and email)." }),
  type: z.enum(engagementType.enumValues),
  occurredAt: timestampSchema,
  properties: z
    .record(z.string(), z.unknown())
    .refine((p) => JSON.stringify(p).length <= MAX_PROPERTIES_BYTES, `At most ${MAX_PROPERTIES_BYTES} bytes of JSON.`)
    .optional(),
});

export const engagementEventBatchSchema = z.strictObject({
  events: z.array(engagementEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST).meta({ description: "One event, or a batch of up to 1,000." }),
});

export type EngagementEventInput = z.output<typeof engagementEventSchema>;

export const engagementEventResultSchema = z.object({
  received: z.int().nonnegative(),
  created: z.int().nonnegative().meta({ description: "Events stored by this request." }),
  duplicates: z.int().nonnegative().meta({ description: "Events already stored earlier (same key source and externalId)." }),
  results: z.array(z.object({ externalId: z.string(), status: z.enum(["created", "duplicate"]) })),
});
