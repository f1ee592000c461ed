import { z } from "zod";

/** An external id: the sender's own identifier (member number, event id). */
export const externalIdSchema = z.string().trim().min(1).max(100);

/** ISO 8601 with a time zone offset or Z: a time without a zone is ambiguous across stores. */
export const timestampSchema = z.iso.datetime({ offset: true }).meta({ examples: ["2025-03-14T15:09:26Z"] });

export const memberRefSchema = z.object({
  id: z.uuid().meta({ description: "Loyalist's id of the member." }),
  externalId: z.string().meta({ description: "The brand's member number." }),
});
