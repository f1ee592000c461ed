import { offerRedemptionSchema } from "@/lib/api/schemas/campaigns";
import { apiRoute } from "@/lib/api/route";
import { offerRedeemInput, redeemOffer } from "@/lib/campaigns/redeem";

export const POST = apiRoute({
  method: "POST",
  path: "/offers/redeem",
  tag: "Campaigns",
  summary: "Redeem a campaign offer by its code",
  description:
    "At the till, in the shop or in the app, when a member uses an offer a campaign sent them. The redemption counts in the " +
    "campaign's results and costs its budget. An unknown code is 404; a used, expired or not yet sent offer, or one whose " +
    "campaign's budget is used up, is 409 with `fieldErrors.code` naming the reason (`offer_used`, `offer_expired`, " +
    "`offer_not_yet_valid`, `campaign_cancelled`, `budget_exhausted`) and nothing changes. The same code with the same " +
    "`reference` again answers the first redemption with status `replayed`.",
  channels: ["pos", "online", "app"],
  input: { body: offerRedeemInput },
  output: offerRedemptionSchema,
  errors: ["not_found", "conflict"],
  examples: {
    body: { code: "7K3QD-M9XAT-2HVRC", reference: "R-2025-000123" },
    response: {
      status: "redeemed",
      campaignId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
      variantId: "7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b",
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      costMinor: 250,
      redeemedAt: "2025-03-20T09:12:00.000Z",
    },
  },
  handler: async ({ body, db, now }) => {
    const redemption = await redeemOffer(db, body, { now });
    return { ...redemption, redeemedAt: redemption.redeemedAt.toISOString() };
  },
});
