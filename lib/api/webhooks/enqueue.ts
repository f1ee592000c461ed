import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { WebhookEventType } from "@/db/schema/webhooks";
import { selectRows } from "@/db/sql";
import { WEBHOOK_PAYLOADS, type WebhookPayload } from "./events";

/**
 * Queues an event for every active endpoint subscribed to its type. Call it with the transaction that makes
 * the change (a tier change, a redemption): the deliveries commit or roll back with it (transactional
 * outbox), and the `webhooks.deliver` job sends them. Returns the event's id and how many deliveries it got.
 */
export async function enqueueWebhook<T extends WebhookEventType>(
  tx: Db,
  eventType: T,
  data: WebhookPayload<T>,
  options: { now?: Date } = {},
): Promise<{ eventId: string; deliveries: number }> {
  const now = options.now ?? new Date();
  const eventId = randomUUID();
  const body = JSON.stringify({ id: eventId, type: eventType, createdAt: now.toISOString(), data: WEBHOOK_PAYLOADS[eventType].parse(data) });
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_attempt_at)
        SELECT id, ${eventId}, ${eventType}, ${body}, ${now.toISOString()} FROM webhook_endpoints
        WHERE active AND ${eventType}::webhook_event_type = ANY (events)
        RETURNING id`,
  );
  return { eventId, deliveries: rows.length };
}
