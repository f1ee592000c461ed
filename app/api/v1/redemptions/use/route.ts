import { apiRoute } from "@/lib/api/route";
import { callLedger, ledgerContext } from "@/lib/api/loyalty";
import { codeUseResultSchema } from "@/lib/api/schemas/points";
import { redeemCode } from "@/lib/loyalty/redemption";
import { redeemCodeInput } from "@/lib/loyalty/schemas";

export const POST = apiRoute({
  method: "POST",
  path: "/redemptions/use",
  tag: "Points",
  summary: "Mark a voucher code used",
  description:
    "At the till or in the shop, when the member hands in a voucher: marks its code used. Codes are matched as issued or in " +
    "upper case. An unknown code is 404; a used, cancelled or expired one is 409 with `reason` `code_used`, `code_cancelled` " +
    "or `code_expired` and nothing changes.",
  channels: ["pos", "online", "app"],
  input: { body: redeemCodeInput },
  output: codeUseResultSchema,
  errors: ["not_found", "conflict"],
  examples: {
    body: { code: "7K3QD-M9XAT-2HVRC" },
    response: { redemptionId: "7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b", rewardId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61", usedAt: "2025-03-20T09:12:00.000Z" },
  },
  handler: async ({ body, key, db, now }) => {
    const use = await callLedger(() => redeemCode(db, body, ledgerContext(key, now)));
    return { ...use, usedAt: use.usedAt.toISOString() };
  },
});
