import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { selectRows } from "@/db/sql";
import { AppError } from "@/lib/errors";

export const offerRedeemInput = z.object({
  code: z.string().trim().min(1, { error: "The offer code is required." }).max(40).meta({ description: "The code the member was sent, as printed or in upper case." }),
  reference: z.string().trim().min(1).max(120).optional().meta({ description: "The receipt's external id the offer was used on. Sending the same code with the same reference again answers the first redemption." }),
});
export type OfferRedeemInput = z.infer<typeof offerRedeemInput>;

export interface OfferRedemption {
  status: "redeemed" | "replayed";
  campaignId: string;
  variantId: string;
  memberId: string;
  costMinor: number;
  redeemedAt: Date;
}

type Refusal = "offer_used" | "offer_expired" | "offer_not_yet_valid" | "campaign_cancelled" | "budget_exhausted";

function refuse(reason: Refusal, message: string): never {
  throw new AppError("conflict", message, { code: [reason] });
}

interface Held {
  id: number;
  campaign_id: string;
  variant_id: string;
  member_id: string;
  send_at_ms: number;
  valid_until_ms: number | null;
  redeemed_at_ms: number | null;
  redemption_reference: string | null;
  cost_minor: number | null;
  status: string;
  reward_cost: number;
}

/**
 * A member uses an offer a campaign sent them (at the till, in the shop, in the app). The offer's row and
 * then its campaign's row are locked, in that order everywhere, so concurrent redemptions of one campaign
 * queue on the campaign row and the budget check sees every earlier one: the sum of redeemed costs never
 * passes the budget (also a check constraint on campaigns.spent_minor). Idempotent by (code, reference).
 */
export async function redeemOffer(db: Db, input: OfferRedeemInput, ctx: { now?: Date } = {}): Promise<OfferRedemption> {
  const now = ctx.now ?? new Date();
  const code = input.code.toUpperCase();
  return db.transaction(async (tx) => {
    const [offer] = await selectRows<Held>(
      tx,
      sql`SELECT r.id::int AS id, r.campaign_id, r.variant_id, r.member_id, (extract(epoch FROM r.send_at) * 1000)::float8 AS send_at_ms,
                 (extract(epoch FROM r.valid_until) * 1000)::float8 AS valid_until_ms, (extract(epoch FROM r.redeemed_at) * 1000)::float8 AS redeemed_at_ms,
                 r.redemption_reference, r.cost_minor::float8 AS cost_minor, c.status, rw.cost_minor::float8 AS reward_cost
            FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id JOIN campaign_variants v ON v.id = r.variant_id JOIN rewards rw ON rw.id = v.reward_id
           WHERE r.code = ${code} FOR UPDATE OF r`,
    );
    if (!offer) throw new AppError("not_found", "No offer has this code.", { code: ["No offer has this code."] });
    const result = (status: OfferRedemption["status"], costMinor: number, at: number): OfferRedemption => ({
      status,
      campaignId: offer.campaign_id,
      variantId: offer.variant_id,
      memberId: offer.member_id,
      costMinor,
      redeemedAt: new Date(at),
    });
    if (offer.redeemed_at_ms !== null) {
      if (input.reference && offer.redemption_reference === input.reference) return result("replayed", offer.cost_minor ?? 0, offer.redeemed_at_ms);
      refuse("offer_used", "This offer was already used.");
    }
    if (offer.status === "cancelled" && offer.send_at_ms > now.getTime()) refuse("campaign_cancelled", "The campaign was cancelled before this offer was sent.");
    if (offer.send_at_ms > now.getTime()) refuse("offer_not_yet_valid", "This offer has not been sent yet.");
    if (offer.valid_until_ms !== null && offer.valid_until_ms <= now.getTime()) refuse("offer_expired", "This offer has expired.");
    const cost = offer.reward_cost;
    const [spent] = await selectRows<{ spent: number }>(
      tx,
      sql`UPDATE campaigns SET spent_minor = spent_minor + ${cost}, updated_at = now()
           WHERE id = ${offer.campaign_id}::uuid AND (budget_minor IS NULL OR spent_minor + ${cost} <= budget_minor)
          RETURNING spent_minor::float8 AS spent`,
    );
    if (!spent) refuse("budget_exhausted", "The campaign's budget is used up; this offer can no longer be redeemed.");
    await tx.execute(
      sql`UPDATE campaign_recipients SET redeemed_at = ${now.toISOString()}::timestamptz, cost_minor = ${cost}, redemption_reference = ${input.reference ?? null}
           WHERE id = ${offer.id}`,
    );
    return result("redeemed", cost, now.getTime());
  });
}
