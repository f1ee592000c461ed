import { apiRoute, reply } from "@/lib/api/route";
import { callLedger, ledgerContext } from "@/lib/api/loyalty";
import { redemptionResultSchema } from "@/lib/api/schemas/points";
import { redeemReward } from "@/lib/loyalty/redemption";
import { redemptionInput } from "@/lib/loyalty/schemas";
import { enqueueRewardRedeemed } from "@/lib/loyalty/webhooks";

export const POST = apiRoute({
  method: "POST",
  path: "/redemptions",
  tag: "Points",
  summary: "Redeem a reward for a member's points",
  description:
    "Spends the reward's points from the member's available lots (oldest-expiring first) and issues a voucher code. Name the " +
    "member by `memberExternalId` or `memberId`. `externalId` is your id of the redemption: sending it again answers the first " +
    "redemption (200, `replayed`) and spends nothing. Refusals are 409 with `reason`: `insufficient_points`, `balance_negative` " +
    "(points owed after a return), `reward_inactive`, `outside_validity`, `not_eligible` (tier), `out_of_stock`, `no_codes_left`. " +
    "A `reward_redeemed` webhook is sent.",
  channels: ["pos", "online", "app"],
  input: { body: redemptionInput },
  output: redemptionResultSchema,
  responses: { 200: "This externalId redeemed before: the first redemption, nothing spent again.", 201: "The reward was redeemed." },
  errors: ["not_found", "conflict"],
  examples: {
    body: { memberExternalId: "M-100234", rewardId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", externalId: "till-BER-01-2025-03-14-0042" },
    response: {
      status: "issued",
      redemptionId: "7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b",
      rewardId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      points: 200,
      code: "7K3QD-M9XAT-2HVRC",
      validUntil: "2025-04-13T14:09:26.000Z",
      lots: [{ lotId: 5120, points: 20 }, { lotId: 5187, points: 180 }],
      balance: { available: 40, pending: 55 },
    },
  },
  handler: async ({ body, key, db, now }) => {
    // The redemption and its webhook commit together.
    const outcome = await db.transaction(async (tx) => {
      const redemption = await callLedger(() => redeemReward(tx, body, ledgerContext(key, now)));
      if (redemption.status === "issued") await enqueueRewardRedeemed(tx, redemption, now);
      return redemption;
    });
    const result = { ...outcome, validUntil: outcome.validUntil?.toISOString() ?? null };
    return outcome.status === "issued" ? reply(201, result) : result;
  },
});
