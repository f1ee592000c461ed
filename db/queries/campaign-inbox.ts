import "server-only";
import { sql } from "drizzle-orm";
import { renderMessage } from "@/lib/campaigns/template";
import type { CampaignTemplates } from "@/lib/campaigns/types";
import type { Locale } from "@/lib/i18n/config";
import type { Db } from "../client";
import { jsonColumn, selectRows } from "../sql";
import { programTimeZone } from "./segments-rule";

export interface InboxMessage {
  id: number;
  campaignId: string;
  locale: Locale;
  subject: string;
  body: string;
  offer: string;
  code: string;
  validUntil: string | null;
  sentAt: string;
  redeemed: boolean;
}

/**
 * A member's in-app messages, newest first, rendered now from the campaign's template and the member's
 * current profile: nothing rendered is stored, so a rectified name shows at once and erasure leaves no copy.
 */
export async function memberInbox(db: Db, params: { memberId: string; limit: number }): Promise<InboxMessage[]> {
  const rows = await selectRows<{
    id: number;
    campaign_id: string;
    campaign_name: string;
    locale: Locale;
    templates: CampaignTemplates | string;
    first_name: string | null;
    last_name: string | null;
    offer: string;
    code: string;
    valid_until_ms: number | null;
    sent_at_ms: number;
    redeemed: boolean;
  }>(
    db,
    sql`SELECT cm.id::int AS id, c.id AS campaign_id, c.name AS campaign_name, cm.locale, c.templates, m.first_name, m.last_name, rw.name AS offer, r.code,
               (extract(epoch FROM r.valid_until) * 1000)::float8 AS valid_until_ms, (extract(epoch FROM cm.sent_at) * 1000)::float8 AS sent_at_ms,
               r.redeemed_at IS NOT NULL AS redeemed
          FROM campaign_messages cm JOIN campaign_recipients r ON r.id = cm.recipient_id JOIN campaigns c ON c.id = r.campaign_id
          JOIN campaign_variants v ON v.id = r.variant_id JOIN rewards rw ON rw.id = v.reward_id JOIN members m ON m.id = cm.member_id
         WHERE cm.member_id = ${params.memberId}::uuid AND cm.channel = 'in_app' AND cm.status = 'sent' AND m.status <> 'erased'
         ORDER BY cm.sent_at DESC, cm.id DESC LIMIT ${params.limit}`,
  );
  if (rows.length === 0) return [];
  const timeZone = await programTimeZone(db);
  return rows.map((r) => {
    const validUntil = r.valid_until_ms === null ? null : new Date(r.valid_until_ms);
    const message = renderMessage(jsonColumn(r.templates), {
      locale: r.locale,
      timeZone,
      fields: { firstName: r.first_name, lastName: r.last_name, offer: r.offer, code: r.code, validUntil, campaign: r.campaign_name },
    });
    return {
      id: r.id,
      campaignId: r.campaign_id,
      locale: message.locale,
      subject: message.subject,
      body: message.text,
      offer: r.offer,
      code: r.code,
      validUntil: validUntil?.toISOString() ?? null,
      sentAt: new Date(r.sent_at_ms).toISOString(),
      redeemed: r.redeemed,
    };
  });
}
