import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { programTimeZone } from "@/db/queries/segments-rule";
import type { CampaignChannel } from "@/db/schema/campaigns";
import { jsonColumn, selectRows } from "@/db/sql";
import { enqueueWebhook } from "@/lib/api/webhooks/enqueue";
import { retryDelayMs } from "@/lib/api/webhooks/deliver";
import type { Locale } from "@/lib/i18n/config";
import { isPermanentMailError, mailTransportFromEnv, sendCampaignMail, type MailTransport } from "./mailer";
import { reachableOn } from "./audience";
import { renderMessage } from "./template";
import type { CampaignTemplates } from "./types";

/** After this many failed attempts a message is dead. */
export const MESSAGE_MAX_ATTEMPTS = 6;
/** A claimed message is this worker's for this long; after it, a crashed worker's message is tried again. */
const LEASE_MS = 5 * 60_000;
const BATCH = 40;
/** One run stops claiming after this long, so a slot's job ends before the next slot's begins. */
const RUN_BUDGET_MS = 45_000;

interface Claimed {
  id: number;
  channel: CampaignChannel;
  locale: Locale;
  attempts: number;
  reachable: boolean;
  member_id: string;
  external_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  code: string;
  valid_until_ms: number | null;
  campaign_id: string;
  campaign_name: string;
  templates: CampaignTemplates | string;
  variant_id: string;
  reward_id: string;
  offer_name: string;
}

/**
 * Claims due messages of running (or completed, for stragglers) campaigns, with a lease, `SKIP LOCKED` so
 * workers side by side never take the same row. Whether the member is still reachable on the channel is
 * read here, at sending: a consent withdrawn (or the member erased or made inactive) after the launch stops
 * the message.
 */
async function claimDue(db: Db, now: Date, limit: number, campaignId: string | undefined): Promise<Claimed[]> {
  const leaseEnd = new Date(now.getTime() + LEASE_MS).toISOString();
  const reachable = sql`CASE cm.channel WHEN 'email' THEN ${reachableOn("email")} WHEN 'in_app' THEN ${reachableOn("in_app")} ELSE ${reachableOn("webhook")} END`;
  return selectRows<Claimed>(
    db,
    sql`WITH due AS (
          SELECT cm.id FROM campaign_messages cm
            JOIN campaign_recipients r ON r.id = cm.recipient_id
            JOIN campaigns c ON c.id = r.campaign_id AND c.status IN ('running', 'completed')
           WHERE ${campaignId ? sql`r.campaign_id = ${campaignId}::uuid AND` : sql``} cm.status = 'pending' AND cm.next_attempt_at <= ${now.toISOString()}::timestamptz
           ORDER BY cm.next_attempt_at LIMIT ${limit} FOR UPDATE OF cm SKIP LOCKED),
        claimed AS (
          UPDATE campaign_messages cm SET next_attempt_at = ${leaseEnd}::timestamptz, attempts = cm.attempts + 1
            FROM due WHERE cm.id = due.id
          RETURNING cm.id, cm.channel, cm.locale, cm.attempts, cm.recipient_id, cm.member_id)
        SELECT cm.id::int AS id, cm.channel, cm.locale, cm.attempts, (m.status = 'active' AND ${reachable}) AS reachable, m.id AS member_id, m.external_id, m.email, m.first_name, m.last_name,
               r.code, (extract(epoch FROM r.valid_until) * 1000)::float8 AS valid_until_ms, c.id AS campaign_id, c.name AS campaign_name, c.templates,
               v.id AS variant_id, v.reward_id, rw.name AS offer_name
          FROM claimed cm JOIN members m ON m.id = cm.member_id JOIN campaign_recipients r ON r.id = cm.recipient_id
          JOIN campaigns c ON c.id = r.campaign_id JOIN campaign_variants v ON v.id = r.variant_id JOIN rewards rw ON rw.id = v.reward_id`,
  );
}

type Outcome = { kind: "sent" } | { kind: "skipped"; reason: string } | { kind: "failed"; error: string; permanent: boolean };

async function mark(db: Db, message: Claimed, outcome: Outcome, now: Date): Promise<void> {
  if (outcome.kind === "sent") {
    await db.execute(sql`UPDATE campaign_messages SET status = 'sent', sent_at = ${now.toISOString()}::timestamptz, last_error = NULL WHERE id = ${message.id}`);
    return;
  }
  if (outcome.kind === "skipped") {
    await db.execute(sql`UPDATE campaign_messages SET status = 'skipped', last_error = ${outcome.reason} WHERE id = ${message.id}`);
    return;
  }
  const dead = outcome.permanent || message.attempts >= MESSAGE_MAX_ATTEMPTS;
  const next = dead ? now : new Date(now.getTime() + retryDelayMs(message.attempts));
  await db.execute(
    sql`UPDATE campaign_messages SET status = ${dead ? "dead" : "pending"}::campaign_message_status, next_attempt_at = ${next.toISOString()}::timestamptz,
          last_error = ${outcome.error.slice(0, 500)} WHERE id = ${message.id}`,
  );
}

async function send(db: Db, message: Claimed, context: { transport: MailTransport | null; timeZone: string; now: Date }): Promise<Outcome> {
  if (!message.reachable) return { kind: "skipped", reason: "no consent or address for this channel at sending" };
  if (message.channel === "in_app") return { kind: "sent" };
  if (message.channel === "webhook") {
    // Queued in the transaction that marks the message sent: the offer reaches the webhook outbox exactly once.
    await db.transaction(async (tx) => {
      await enqueueWebhook(tx, "campaign_offer", {
        memberId: message.member_id,
        memberExternalId: message.external_id,
        messageId: message.id,
        campaignId: message.campaign_id,
        campaignName: message.campaign_name,
        variantId: message.variant_id,
        rewardId: message.reward_id,
        offerName: message.offer_name,
        code: message.code,
        validUntil: message.valid_until_ms === null ? null : new Date(message.valid_until_ms).toISOString(),
        locale: message.locale,
      }, { now: context.now });
      await mark(tx, message, { kind: "sent" }, context.now);
    });
    return { kind: "sent" };
  }
  if (!context.transport) return { kind: "failed", error: "SMTP_URL is not set: e-mail cannot be sent", permanent: false };
  const rendered = renderMessage(jsonColumn(message.templates), {
    locale: message.locale,
    timeZone: context.timeZone,
    fields: {
      firstName: message.first_name,
      lastName: message.last_name,
      offer: message.offer_name,
      code: message.code,
      validUntil: message.valid_until_ms === null ? null : new Date(message.valid_until_ms),
      campaign: message.campaign_name,
    },
  });
  try {
    await sendCampaignMail(context.transport, { to: message.email!, subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: String(message.id), locale: rendered.locale });
    return { kind: "sent" };
  } catch (error) {
    return { kind: "failed", error: error instanceof Error ? error.message : String(error), permanent: isPermanentMailError(error) };
  }
}

export interface MessageDeliverySummary {
  attempted: number;
  sent: number;
  skipped: number;
  retrying: number;
  dead: number;
}

/**
 * Sends every due campaign message, BATCH at a time in parallel, until none is due or the run's time is
 * up. At least once: a message is marked sent only after the channel took it, so a crash in between sends
 * it again, with the same identity (e-mail Message-ID from the message id; the webhook is queued with the
 * mark), which lets receivers drop the repeat.
 */
export async function deliverDueCampaignMessages(
  db: Db,
  now: Date,
  options: { transport?: MailTransport | null; /** Only this campaign's messages (sending a launch's offers at once). */ campaignId?: string } = {},
): Promise<MessageDeliverySummary> {
  const summary: MessageDeliverySummary = { attempted: 0, sent: 0, skipped: 0, retrying: 0, dead: 0 };
  const ownTransport = options.transport === undefined;
  const transport = ownTransport ? mailTransportFromEnv() : (options.transport ?? null);
  const started = Date.now();
  try {
    const timeZone = await programTimeZone(db);
    while (Date.now() - started < RUN_BUDGET_MS) {
      const batch = await claimDue(db, now, BATCH, options.campaignId);
      if (batch.length === 0) break;
      await Promise.all(
        batch.map(async (message) => {
          const outcome = await send(db, message, { transport, timeZone, now });
          if (message.channel !== "webhook" || outcome.kind !== "sent") await mark(db, message, outcome, now);
          summary.attempted++;
          if (outcome.kind === "sent") summary.sent++;
          else if (outcome.kind === "skipped") summary.skipped++;
          else if (outcome.permanent || message.attempts >= MESSAGE_MAX_ATTEMPTS) summary.dead++;
          else summary.retrying++;
        }),
      );
    }
  } finally {
    if (ownTransport) transport?.close();
  }
  return summary;
}
