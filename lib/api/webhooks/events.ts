import { z } from "zod";
import type { WebhookEventType } from "@/db/schema/webhooks";

const member = {
  memberId: z.uuid(),
  memberExternalId: z.string().nullable(),
};

/** The `data` of each event type: ids and figures, no personal details (receivers look members up). */
export const WEBHOOK_PAYLOADS = {
  tier_changed: z.object({
    ...member,
    fromTier: z.string().nullable().meta({ description: "Name of the previous tier; null when the member had none." }),
    toTier: z.string().nullable().meta({ description: "Name of the new tier; null when a review left the member with none." }),
    direction: z.enum(["up", "down"]),
    changedAt: z.iso.datetime(),
  }),
  points_expiring: z.object({
    ...member,
    points: z.int().positive().meta({ description: "Points of one lot that expire at `expiresAt` unless redeemed; sent once per lot, about 30 days ahead." }),
    expiresAt: z.iso.datetime(),
    lotId: z.int().meta({ description: "The points lot: each lot is announced once." }),
  }),
  reward_redeemed: z.object({
    ...member,
    redemptionId: z.string(),
    rewardId: z.string(),
    points: z.int().nonnegative(),
    code: z.string().nullable().meta({ description: "The reward code handed to the member, when the reward has codes." }),
    redeemedAt: z.iso.datetime(),
  }),
  campaign_offer: z.object({
    ...member,
    messageId: z.int().meta({ description: "The campaign message: the same on every attempt, so a receiver can drop repeats." }),
    campaignId: z.uuid(),
    campaignName: z.string(),
    variantId: z.uuid(),
    rewardId: z.uuid(),
    offerName: z.string(),
    code: z.string().meta({ description: "The offer's code, unique to this member; presented at the till or in the shop." }),
    validUntil: z.iso.datetime().nullable(),
    locale: z.enum(["en", "de", "pl", "sv", "ar"]),
  }),
} as const satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookPayload<T extends WebhookEventType> = z.input<(typeof WEBHOOK_PAYLOADS)[T]>;

/** The body of every delivery: the event's id (the same for every endpoint), type, time and data. */
export function webhookEnvelopeSchema<T extends WebhookEventType>(type: T) {
  return z.object({
    id: z.uuid().meta({ description: "The event's id; the same on every endpoint and every attempt." }),
    type: z.literal(type),
    createdAt: z.iso.datetime(),
    data: WEBHOOK_PAYLOADS[type],
  });
}

export const WEBHOOK_DESCRIPTIONS: Record<WebhookEventType, string> = {
  tier_changed: "A member moved to another tier.",
  points_expiring: "Some of a member's points expire soon.",
  reward_redeemed: "A member redeemed a reward.",
  campaign_offer: "A campaign sends a member an offer through this endpoint (an outside e-mail, SMS or push system).",
};
