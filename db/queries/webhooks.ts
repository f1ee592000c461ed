import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { encryptWebhookSecret, generateWebhookSecret } from "@/lib/api/webhooks/secret";
import type { Db } from "../client";
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryStatus, type WebhookEventType } from "../schema";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid } from "./scope";

type StaffActor = AuditActor & { kind: "staff" };

/** Makes an endpoint with a new signing secret; the secret leaves this function once. */
export async function createWebhookEndpoint(
  db: Db,
  params: { url: string; description?: string | null; events: readonly WebhookEventType[]; actor: StaffActor },
): Promise<{ id: string; secret: string }> {
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    const events = [...new Set(params.events)];
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ url: params.url, description: params.description ?? null, events, secretEncrypted: encryptWebhookSecret(secret), createdBy: params.actor.id })
      .returning({ id: webhookEndpoints.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, {
      actor: params.actor,
      action: "webhook_endpoint.create",
      entityType: "webhook_endpoint",
      entityId: row.id,
      after: { url: params.url, events, active: true },
    });
    return { id: row.id, secret };
  });
}

/** Pauses or resumes an endpoint; a paused endpoint's deliveries wait, and it gets no new events. */
export async function setWebhookEndpointActive(db: Db, params: { id: string; active: boolean; actor: StaffActor }): Promise<void> {
  if (!isUuid(params.id)) throw new AppError("not_found", "No such webhook endpoint.");
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ active: webhookEndpoints.active, url: webhookEndpoints.url }).from(webhookEndpoints).where(eq(webhookEndpoints.id, params.id));
    if (!before) throw new AppError("not_found", "No such webhook endpoint.");
    if (before.active === params.active) return;
    await tx.update(webhookEndpoints).set({ active: params.active, updatedAt: new Date() }).where(eq(webhookEndpoints.id, params.id));
    await recordAudit(tx, {
      actor: params.actor,
      action: params.active ? "webhook_endpoint.activate" : "webhook_endpoint.deactivate",
      entityType: "webhook_endpoint",
      entityId: params.id,
      before: { url: before.url, active: before.active },
      after: { url: before.url, active: params.active },
    });
  });
}

export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  active: boolean;
  createdAt: Date;
  counts: Record<WebhookDeliveryStatus, number>;
}

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpointRow[]> {
  const rows = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      active: webhookEndpoints.active,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .orderBy(desc(webhookEndpoints.createdAt));
  const counts = await selectRows<{ endpoint_id: string; status: WebhookDeliveryStatus; n: number }>(
    db,
    sql`SELECT endpoint_id, status, count(*)::int AS n FROM webhook_deliveries GROUP BY endpoint_id, status`,
  );
  return rows.map((r) => {
    const mine = counts.filter((c) => c.endpoint_id === r.id);
    const of = (status: WebhookDeliveryStatus) => mine.find((c) => c.status === status)?.n ?? 0;
    return { ...r, counts: { pending: of("pending"), delivered: of("delivered"), dead: of("dead") } };
  });
}

export interface WebhookDeliveryRow {
  id: string;
  endpointUrl: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
}

/** The latest deliveries of every endpoint, newest first. */
export async function listRecentWebhookDeliveries(db: Db, params: { limit?: number } = {}): Promise<WebhookDeliveryRow[]> {
  return db
    .select({
      id: webhookDeliveries.id,
      endpointUrl: webhookEndpoints.url,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(Math.min(Math.max(params.limit ?? 20, 1), 100));
}
