import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { WebhookEventType } from "@/db/schema/webhooks";
import { selectRows } from "@/db/sql";
import { deliverWebhookRequest } from "./address";
import { decryptWebhookSecret } from "./secret";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

/** After this many failed attempts a delivery is dead (kept for the admin page, never sent again). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 60 * 60_000;
/** A claimed delivery is someone's for this long; after it, a crashed worker's delivery is sent again. */
const LEASE_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;
const BATCH = 25;
const MAX_PER_RUN = 500;

/**
 * Exponential backoff with "equal jitter": after the n-th failure wait between half and all of
 * 30 s x 2^(n-1), capped at 6 h (30 s, 1 min, 2 min, ... about 1 h 4 min before the 8th and last attempt).
 * The random half spreads retries of many deliveries that failed together.
 */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

interface Claimed {
  id: string;
  event_type: WebhookEventType;
  body: string;
  attempts: number;
  url: string;
  secret_encrypted: string;
}

/**
 * Claims due deliveries of active endpoints: `FOR UPDATE SKIP LOCKED` lets several processes claim side
 * by side without taking the same row, and moving `next_attempt_at` to the end of a lease in the same
 * statement keeps a delivery from being claimed again while its request runs outside any transaction.
 */
async function claimDue(db: Db, now: Date, limit: number): Promise<Claimed[]> {
  const at = now.toISOString();
  const leaseEnd = new Date(now.getTime() + LEASE_MS).toISOString();
  return selectRows<Claimed>(
    db,
    sql`UPDATE webhook_deliveries d SET next_attempt_at = ${leaseEnd}, attempts = d.attempts + 1
        FROM (
          SELECT wd.id FROM webhook_deliveries wd JOIN webhook_endpoints e ON e.id = wd.endpoint_id AND e.active
          WHERE wd.status = 'pending' AND wd.next_attempt_at <= ${at}
          ORDER BY wd.next_attempt_at LIMIT ${limit} FOR UPDATE OF wd SKIP LOCKED
        ) due, webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
        RETURNING d.id, d.event_type, d.body, d.attempts, e.url, e.secret_encrypted`,
  );
}

type Outcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

async function send(delivery: Claimed, now: Date): Promise<Outcome> {
  try {
    const secret = decryptWebhookSecret(delivery.secret_encrypted);
    const statusCode = await deliverWebhookRequest(delivery.url, {
      timeoutMs: TIMEOUT_MS,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Loyalist-Webhooks/1",
        [DELIVERY_HEADER]: delivery.id,
        [EVENT_HEADER]: delivery.event_type,
        [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(now.getTime() / 1000), delivery.body),
      },
      body: delivery.body,
    });
    return statusCode >= 200 && statusCode < 300 ? { ok: true, statusCode } : { ok: false, statusCode, error: `HTTP ${statusCode}` };
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function record(db: Db, delivery: Claimed, outcome: Outcome, now: Date, random: () => number): Promise<"delivered" | "pending" | "dead"> {
  if (outcome.ok) {
    await db.execute(
      sql`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ${now.toISOString()}, last_status_code = ${outcome.statusCode}, last_error = NULL
          WHERE id = ${delivery.id}`,
    );
    return "delivered";
  }
  const dead = delivery.attempts >= WEBHOOK_MAX_ATTEMPTS;
  const next = new Date(now.getTime() + retryDelayMs(delivery.attempts, random)).toISOString();
  await db.execute(
    sql`UPDATE webhook_deliveries SET status = ${dead ? "dead" : "pending"}::webhook_delivery_status,
          next_attempt_at = ${dead ? now.toISOString() : next}, last_status_code = ${outcome.statusCode}, last_error = ${outcome.error.slice(0, 500)}
        WHERE id = ${delivery.id}`,
  );
  return dead ? "dead" : "pending";
}

export interface DeliverySummary {
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
}

/**
 * Sends every due delivery (up to 500 a run, 25 at a time in parallel). At least once: a delivery is marked
 * delivered only after its receiver answered 2xx, so a crash in between sends it again, with the same
 * `Loyalist-Delivery` id. The signature's timestamp is `now`.
 */
export async function deliverDueWebhooks(db: Db, now: Date, options: { random?: () => number } = {}): Promise<DeliverySummary> {
  const random = options.random ?? Math.random;
  const summary: DeliverySummary = { attempted: 0, delivered: 0, retrying: 0, dead: 0 };
  while (summary.attempted < MAX_PER_RUN) {
    const batch = await claimDue(db, now, BATCH);
    const results = await Promise.all(batch.map(async (d) => record(db, d, await send(d, now), now, random)));
    summary.attempted += batch.length;
    for (const r of results) {
      if (r === "delivered") summary.delivered++;
      else if (r === "dead") summary.dead++;
      else summary.retrying++;
    }
    if (batch.length < BATCH) break;
  }
  return summary;
}
