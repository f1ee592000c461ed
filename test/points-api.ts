import { and, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "../db/client";
import { createWebhookEndpoint } from "../db/queries/webhooks";
import { webhookDeliveries, webhookEndpoints, type WebhookEventType } from "../db/schema";
import { makeApiKey, makeStaff, type TestKey } from "./api";
import { ledgerCheck, makeLoyaltyFixture, type LoyaltyFixture } from "./loyalty";

/**
 * The points routes' test setup: a loyalty program of the test's own (1 point per euro) and an API key that
 * books in it. The API answers with the real clock, so receipts are dated shortly before now.
 */
export async function makePointsApi(db: Db, options: Parameters<typeof makeApiKey>[1] = {}): Promise<{ f: LoyaltyFixture; key: TestKey }> {
  const f = await makeLoyaltyFixture(db);
  await f.rule({ name: "1 point per euro", kind: "base_rate", rate: "1" });
  const key = await makeApiKey(db, { ...options, programId: f.programId });
  return { f, key };
}

/** The member's available points, after checking that the cached balance equals the ledger's recount. */
export async function availablePoints(db: Db, f: Pick<LoyaltyFixture, "programId">, memberId: string): Promise<number> {
  const check = await ledgerCheck(db, f.programId, memberId);
  expect(check.cached).toEqual(check.ledger);
  return check.cached.available;
}

/** An ISO time `minutes` before now. */
export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * A webhook endpoint subscribed to `events`; `close` pauses it (tests share a database: leave no active
 * endpoint behind). `bodies` lists what was queued for it of one type.
 */
export async function makeWebhookReceiver(db: Db, events: WebhookEventType[]) {
  process.env.AUTH_SECRET ??= "points-api-test-auth-secret";
  const actor = await makeStaff(db);
  const endpoint = await createWebhookEndpoint(db, { url: "https://points.example.test/hooks", events, actor });
  return {
    id: endpoint.id,
    async bodies<T = { data: Record<string, unknown> }>(type: WebhookEventType): Promise<T[]> {
      const rows = await db
        .select({ body: webhookDeliveries.body })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.eventType, type)));
      return rows.map((r) => JSON.parse(r.body) as T);
    },
    close: () => db.update(webhookEndpoints).set({ active: false }).where(inArray(webhookEndpoints.id, [endpoint.id])),
  };
}
