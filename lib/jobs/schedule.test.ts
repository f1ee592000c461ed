import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { idempotencyKeys, webhookDeliveries } from "@/db/schema";
import { makeApiKey, makeStaff } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { createWebhookEndpoint, setWebhookEndpointActive } from "@/db/queries/webhooks";
import { jobRegistry } from "./registry";
import "./schedule";

let handle: DbHandle;

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "schedule-test-auth-secret";
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("the app's schedule", () => {
  it("delivers webhooks every minute and cleans up idempotency keys hourly, deliveries and jobs daily", () => {
    const schedule = Object.fromEntries(jobRegistry.recurring().map((r) => [r.kind, r.interval.ms]));
    expect(schedule).toMatchObject({
      "webhooks.deliver": 60_000,
      "webhooks.cleanup": 86_400_000,
      "idempotency.cleanup": 3_600_000,
      "jobs.cleanup": 86_400_000,
      "points.expiring_soon": 86_400_000,
    });
  });

  it("idempotency.cleanup forgets stored responses past their expiry and keeps the rest", async () => {
    const key = await makeApiKey(handle.db);
    const [expired, fresh] = [uniqueTag("old"), uniqueTag("new")];
    await handle.db.insert(idempotencyKeys).values([
      { apiKeyId: key.id, key: expired, requestHash: "h", responseStatus: 200, responseBody: "{}", expiresAt: new Date(Date.now() - 60_000) },
      { apiKeyId: key.id, key: fresh, requestHash: "h", responseStatus: 200, responseBody: "{}" },
    ]);
    await jobRegistry.handler("idempotency.cleanup")!({ db: handle.db, now: new Date(), payload: {}, jobId: 0 });
    const left = await handle.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, key.id));
    expect(left.map((r) => r.key)).toEqual([fresh]);
  });

  it("webhooks.cleanup forgets finished deliveries after 30 days and keeps pending ones", async () => {
    const actor = await makeStaff(handle.db);
    const endpoint = await createWebhookEndpoint(handle.db, { url: "https://cleanup.example.test/hooks", events: ["tier_changed"], actor });
    await setWebhookEndpointActive(handle.db, { id: endpoint.id, active: false, actor });
    const old = new Date(Date.now() - 31 * 86_400_000);
    const rows = (["delivered", "dead", "pending"] as const).map((status) => ({
      endpointId: endpoint.id,
      eventId: crypto.randomUUID(),
      eventType: "tier_changed" as const,
      body: "{}",
      status,
      createdAt: old,
    }));
    const inserted = [...rows, { ...rows[0]!, eventId: crypto.randomUUID(), createdAt: new Date() }];
    await handle.db.insert(webhookDeliveries).values(inserted);
    await jobRegistry.handler("webhooks.cleanup")!({ db: handle.db, now: new Date(), payload: {}, jobId: 0 });
    // Only this test's rows: while the endpoint was briefly active, a test running beside this one on the same
    // database may have emitted a tier_changed event and queued a (fresh, pending) delivery for it.
    const left = await handle.db
      .select({ status: webhookDeliveries.status, createdAt: webhookDeliveries.createdAt })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpoint.id), inArray(webhookDeliveries.eventId, inserted.map((r) => r.eventId))));
    expect(left.map((r) => r.status).sort()).toEqual(["delivered", "pending"]);
    expect(left.find((r) => r.status === "delivered")!.createdAt.getTime()).toBeGreaterThan(old.getTime());
  });
});
