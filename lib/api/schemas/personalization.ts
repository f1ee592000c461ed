import { z } from "zod";
import { CAMPAIGN_CHANNELS } from "@/db/schema/campaigns";
import { LOCALES } from "@/lib/i18n/config";
import { externalIdSchema } from "./common";

/** GET /members/{externalId}/offers: next best offers and product recommendations (docs/personalization.md). */

export const memberOffersParamsSchema = z.object({ externalId: externalIdSchema });
export const memberOffersQuerySchema = z.object({
  locale: z.enum(LOCALES).optional().meta({ description: "Language of the reasons; the member's own by default, else English." }),
  offers: z.coerce.number().int().min(0).max(10).default(3).meta({ description: "How many next best offers (0-10)." }),
  products: z.coerce.number().int().min(0).max(50).default(10).meta({ description: "How many product recommendations (0-50)." }),
});

const reason = (codes: readonly [string, ...string[]]) =>
  z.object({ code: z.enum(codes).meta({ description: "What the reason rests on; `text` says it in words." }), text: z.string() });

export const memberOffersSchema = z
  .object({
    memberId: z.uuid(),
    externalId: z.string(),
    locale: z.enum(LOCALES).meta({ description: "The language of the reason texts." }),
    personalized: z.boolean().meta({ description: "False when the member objected to profiling: no offers or recommendations are chosen for them." }),
    capped: z.boolean().meta({ description: "The member reached the offer frequency cap: no new offer until it passes." }),
    channels: z.array(z.enum(CAMPAIGN_CHANNELS)).meta({ description: "Channels the member consented to receive marketing on; showing an offer at the till or in the app needs none." }),
    currency: z.string().meta({ description: "Currency of every amount below (minor units)." }),
    offers: z.array(
      z.object({
        rewardId: z.uuid(),
        name: z.string(),
        kind: z.enum(["amount_off", "percent_off", "free_product", "bogo", "points_multiplier", "event_invitation"]),
        category: z.object({ id: z.uuid(), name: z.string() }).nullable().meta({ description: "The category the offer is for; null: any purchase." }),
        propensity: z.number().min(0).max(1).meta({ description: "Probability that the member redeems it." }),
        valueMinor: z.int().meta({ description: "What a redemption is worth to the brand: margin × expected basket × the share that would not happen anyway." }),
        costMinor: z.int().meta({ description: "What a redemption costs the brand." }),
        expectedValueMinor: z.int().meta({ description: "propensity × value − propensity × cost: the ranking." }),
        validDays: z.int(),
        reason: reason(["never_tried", "rarely_buys", "due", "affinity", "new_category", "lapsing", "deal_seeker", "basket"]),
      }),
    ),
    recommendations: z.array(
      z.object({
        productId: z.uuid(),
        sku: z.string(),
        name: z.string(),
        category: z.string().nullable(),
        score: z.number().nullable().meta({ description: "Summed similarity to the member's products; null when filled from the most popular." }),
        reason: reason(["bought_with", "popular"]).extend({ productId: z.uuid().nullable().meta({ description: "bought_with: the member's product it goes with." }) }),
      }),
    ),
    modelTrainedThrough: z.iso.datetime().nullable().meta({ description: "When the recommendation model was last trained; null before the first training." }),
  })
  .meta({ description: "A member's next best offers with their reasons, and product recommendations." });

export type MemberOffersResponse = z.input<typeof memberOffersSchema>;
