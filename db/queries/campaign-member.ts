import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { isUuid } from "./scope";

export interface MemberCampaignOffer {
  campaignId: string;
  campaignName: string;
  /** Held out as control: no offer was sent. */
  control: boolean;
  offer: string | null;
  code: string | null;
  sendAt: Date;
  validUntil: Date | null;
  redeemedAt: Date | null;
}

/**
 * The campaigns that reached a member, newest first: the offer and its state, or that the member was held
 * out. The caller has already checked that the member is in the viewer's scope (the member page does).
 */
export async function memberCampaignOffers(db: Db, params: { memberId: string; limit?: number }): Promise<MemberCampaignOffer[]> {
  if (!isUuid(params.memberId)) return [];
  const rows = await selectRows<{
    campaign_id: string;
    campaign_name: string;
    control: boolean;
    offer: string | null;
    code: string | null;
    send_ms: number;
    valid_ms: number | null;
    redeemed_ms: number | null;
  }>(
    db,
    sql`SELECT r.campaign_id, c.name AS campaign_name, r.control, rw.name AS offer, r.code, (extract(epoch FROM r.send_at) * 1000)::float8 AS send_ms,
               (extract(epoch FROM r.valid_until) * 1000)::float8 AS valid_ms, (extract(epoch FROM r.redeemed_at) * 1000)::float8 AS redeemed_ms
          FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          LEFT JOIN campaign_variants v ON v.id = r.variant_id LEFT JOIN rewards rw ON rw.id = v.reward_id
         WHERE r.member_id = ${params.memberId}::uuid
         ORDER BY r.send_at DESC, r.id DESC LIMIT ${params.limit ?? 10}`,
  );
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    control: r.control,
    offer: r.offer,
    code: r.code,
    sendAt: new Date(r.send_ms),
    validUntil: at(r.valid_ms),
    redeemedAt: at(r.redeemed_ms),
  }));
}
