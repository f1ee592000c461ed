import { z } from "zod";
import { externalIdSchema } from "./common";

/** Responses of the campaign offer routes: a redemption and a member's in-app inbox. */

export const offerRedemptionSchema = z
  .object({
    status: z.enum(["redeemed", "replayed"]).meta({ description: "replayed: the same code and reference were redeemed before; nothing changed." }),
    campaignId: z.uuid(),
    variantId: z.uuid(),
    memberId: z.uuid(),
    costMinor: z.int().meta({ description: "What the offer cost the brand, in the campaign's currency's minor units." }),
    redeemedAt: z.iso.datetime(),
  })
  .meta({ description: "A campaign offer marked redeemed." });

export const inboxParamsSchema = z.object({ externalId: externalIdSchema });
export const inboxQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "How many messages, newest first (1-100)." }),
});

export const inboxSchema = z
  .object({
    memberId: z.uuid(),
    messages: z.array(
      z.object({
        id: z.int().meta({ description: "The message id: the same the e-mail's Message-ID and the webhook carry." }),
        campaignId: z.uuid(),
        locale: z.enum(["en", "de", "pl", "sv", "ar"]),
        subject: z.string(),
        body: z.string().meta({ description: "Plain text in the member's language, placeholders filled in." }),
        offer: z.string(),
        code: z.string(),
        validUntil: z.iso.datetime().nullable(),
        sentAt: z.iso.datetime(),
        redeemed: z.boolean(),
      }),
    ),
  })
  .meta({ description: "A member's in-app inbox: campaign offers sent through the in-app channel, newest first." });
