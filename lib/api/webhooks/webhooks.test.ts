import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createWebhookEndpoint, listRecentWebhookDeliveries, listWebhookEndpoints, setWebhookEndpointActive } from "@/db/queries/webhooks";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { makeStaff } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { deliverDueWebhooks, retryDelayMs, WEBHOOK_MAX_ATTEMPTS } from "./deliver";
import { enqueueWebhook } from "./enqueue";
import { decryptWebhookSecret, encryptWebhookSecret } from "./secret";
import { verifySignature } from "./signature";

let handle: DbHandle;
const endpointIds: string[] = [];

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "webhook-test-auth-secret";
  // The receivers here listen on 127.0.0.1: address.test.ts covers the refusal of private addresses.
  process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
  handle = await openTestDatabase();
});
afterAll(async () => {
  // Other test files on a shared database may enqueue events: leave no active endpoint behind.
  if (endpointIds.length > 0) await handle.db.update(webhookEndpoints).set({ active: false }).where(inArray(webhookEndpoints.id, endpointIds));
  await handle.close();
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on 127.0.0.1 answering each delivery's attempts with the given statuses in turn (the
 * last one from then on). Counted per `Loyalist-Delivery` id: a test file beside this one on a shared
 * database may queue its own events to an endpoint here while it is active, and those must not use up the
 * answers meant for this test's delivery.
 */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const attempt = requestsOf(received, String(request.headers["loyalist-delivery"])).length;
      response.statusCode = statuses[Math.min(attempt - 1, statuses.length - 1)]!;
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function makeEndpoint(url: string, events: Array<"tier_changed" | "points_expiring" | "reward_redeemed"> = ["tier_changed"]) {
  const actor = await makeStaff(handle.db);
  const endpoint = await createWebhookEndpoint(handle.db, { url, events, actor });
  endpointIds.push(endpoint.id);
  return { ...endpoint, actor };
}

const tierChange = (memberExternalId: string) => ({
  memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
  memberExternalId,
  fromTier: "silver",
  toTier: "gold",
  direction: "up" as const,
  changedAt: "2025-03-14T15:09:26.000Z",
});

// Other test files on a shared database may enqueue events to these endpoints while they are active:
// each test follows its own event only.
async function deliveriesOf(endpointId: string, eventId?: string) {
  const rows = await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  return eventId ? rows.filter((r) => r.eventId === eventId) : rows;
}

const requestsOf = (received: Received[], deliveryId: string) => received.filter((r) => r.headers["loyalist-delivery"] === deliveryId);

describe("webhook secrets", () => {
  it("are stored encrypted and read back; a tampered ciphertext is refused", () => {
    const stored = encryptWebhookSecret("whsec_abc");
    expect(stored).not.toContain("whsec_abc");
    expect(decryptWebhookSecret(stored)).toBe("whsec_abc");
    expect(encryptWebhookSecret("whsec_abc")).not.toBe(stored);
    const parts = stored.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("whsec_abd").toString("base64url")].join(".");
    expect(() => decryptWebhookSecret(tampered)).toThrow();
  });

  it("are shown once at creation and kept encrypted with the endpoint", async () => {
    const endpoint = await makeEndpoint("https://example.test/hooks");
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [row] = await handle.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row?.secretEncrypted).not.toContain(endpoint.secret);
    expect(decryptWebhookSecret(row!.secretEncrypted)).toBe(endpoint.secret);
    await setWebhookEndpointActive(handle.db, { id: endpoint.id, active: false, actor: endpoint.actor });
  });
});

describe("enqueueWebhook", () => {
  it("queues one delivery per active endpoint subscribed to the event, inside the caller's transaction", async () => {
    const subscribed = await makeEndpoint("https://a.example.test/hooks", ["tier_changed", "reward_redeemed"]);
    const other = await makeEndpoint("https://b.example.test/hooks", ["points_expiring"]);
    const paused = await makeEndpoint("https://c.example.test/hooks", ["tier_changed"]);
    await setWebhookEndpointActive(handle.db, { id: paused.id, active: false, actor: paused.actor });

    const event = await handle.db.transaction(async (tx) => enqueueWebhook(tx, "tier_changed", tierChange(uniqueTag("M"))));
    expect(event.deliveries).toBeGreaterThanOrEqual(1);
    // A rolled-back change sends nothing.
    let rolledBack = "";
    await handle.db
      .transaction(async (tx) => {
        rolledBack = (await enqueueWebhook(tx, "tier_changed", tierChange(uniqueTag("M")))).eventId;
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await deliveriesOf(subscribed.id, event.eventId)).toHaveLength(1);
    expect(await deliveriesOf(subscribed.id, rolledBack)).toHaveLength(0);
    expect(await deliveriesOf(other.id, event.eventId)).toHaveLength(0);
    expect(await deliveriesOf(paused.id, event.eventId)).toHaveLength(0);
    await setWebhookEndpointActive(handle.db, { id: subscribed.id, active: false, actor: subscribed.actor });
    await setWebhookEndpointActive(handle.db, { id: other.id, active: false, actor: other.actor });
  });

  it("refuses a payload that does not match its event type", async () => {
    await expect(enqueueWebhook(handle.db, "points_expiring", { memberId: "x" } as never)).rejects.toThrow();
  });
});

describe("webhook delivery", () => {
  it("retries a receiver that fails twice with backoff, then delivers, signed, with one delivery id throughout", async () => {
    const receiver = await startReceiver([500, 503, 200]);
    try {
      const endpoint = await makeEndpoint(receiver.url);
      const memberExternalId = uniqueTag("M");
      const t0 = new Date();
      const { eventId } = await enqueueWebhook(handle.db, "tier_changed", tierChange(memberExternalId), { now: t0 });
      const [delivery] = await deliveriesOf(endpoint.id, eventId);
      const half = () => 0.5;

      await deliverDueWebhooks(handle.db, t0, { random: half });
      let [row] = await deliveriesOf(endpoint.id, eventId);
      // First retry: between 15 and 30 s; with the jitter at one half, 22.5 s.
      expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
      expect(row!.nextAttemptAt.getTime() - t0.getTime()).toBe(22_500);

      // Not due yet: nothing is sent.
      await deliverDueWebhooks(handle.db, new Date(t0.getTime() + 22_000), { random: half });
      expect(requestsOf(receiver.received, delivery!.id)).toHaveLength(1);

      const t1 = new Date(t0.getTime() + 22_500);
      await deliverDueWebhooks(handle.db, t1, { random: half });
      [row] = await deliveriesOf(endpoint.id, eventId);
      expect(row).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 503 });
      expect(row!.nextAttemptAt.getTime() - t1.getTime()).toBe(45_000);

      const t2 = new Date(t1.getTime() + 45_000);
      await deliverDueWebhooks(handle.db, t2, { random: half });
      [row] = await deliveriesOf(endpoint.id, eventId);
      expect(row).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, lastError: null });

      const requests = requestsOf(receiver.received, delivery!.id);
      expect(requests).toHaveLength(3);
      for (const [i, request] of requests.entries()) {
        expect(request.headers["loyalist-event"]).toBe("tier_changed");
        const seconds = Math.floor([t0, t1, t2][i]!.getTime() / 1000);
        expect(verifySignature(endpoint.secret, String(request.headers["loyalist-signature"]), request.body, seconds)).toBe(true);
        expect(verifySignature("whsec_wrong", String(request.headers["loyalist-signature"]), request.body, seconds)).toBe(false);
        expect(verifySignature(endpoint.secret, String(request.headers["loyalist-signature"]), `${request.body} `, seconds)).toBe(false);
      }
      const last = requests[2]!;
      expect(JSON.parse(last.body)).toMatchObject({ id: eventId, type: "tier_changed", data: { memberExternalId, toTier: "gold" } });
      expect(requests[0]!.body).toBe(last.body);
      // A signature replayed long after it was made is refused.
      expect(verifySignature(endpoint.secret, String(last.headers["loyalist-signature"]), last.body, Math.floor(t2.getTime() / 1000) + 301)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it(`gives up after ${WEBHOOK_MAX_ATTEMPTS} failed attempts and marks the delivery dead`, async () => {
    const receiver = await startReceiver([500]);
    try {
      const endpoint = await makeEndpoint(receiver.url);
      let now = new Date();
      const { eventId } = await enqueueWebhook(handle.db, "tier_changed", tierChange(uniqueTag("M")), { now });
      for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
        await deliverDueWebhooks(handle.db, now, { random: () => 1 });
        const [row] = await deliveriesOf(endpoint.id, eventId);
        expect(row?.attempts).toBe(attempt);
        expect(row?.status).toBe(attempt < WEBHOOK_MAX_ATTEMPTS ? "pending" : "dead");
        now = row!.nextAttemptAt;
      }
      await deliverDueWebhooks(handle.db, new Date(now.getTime() + 86_400_000));
      const [dead] = await deliveriesOf(endpoint.id, eventId);
      expect(requestsOf(receiver.received, dead!.id)).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
      const listed = (await listWebhookEndpoints(handle.db)).find((e) => e.id === endpoint.id);
      expect(listed?.counts.dead).toBeGreaterThanOrEqual(1);
      const recent = await listRecentWebhookDeliveries(handle.db, { limit: 100 });
      expect(recent.find((d) => d.id === dead!.id)).toMatchObject({ status: "dead", attempts: WEBHOOK_MAX_ATTEMPTS, lastError: "HTTP 500", endpointUrl: receiver.url });
    } finally {
      await receiver.close();
    }
  });

  it("counts an unreachable receiver as a failed attempt", async () => {
    const receiver = await startReceiver([200]);
    await receiver.close();
    const endpoint = await makeEndpoint(receiver.url);
    const now = new Date();
    const { eventId } = await enqueueWebhook(handle.db, "tier_changed", tierChange(uniqueTag("M")), { now });
    await deliverDueWebhooks(handle.db, now);
    const [row] = await deliveriesOf(endpoint.id, eventId);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(row?.lastError).toBeTruthy();
    await setWebhookEndpointActive(handle.db, { id: endpoint.id, active: false, actor: endpoint.actor });
  });

  it("holds a paused endpoint's deliveries until it is resumed", async () => {
    const receiver = await startReceiver([200]);
    try {
      const endpoint = await makeEndpoint(receiver.url);
      const now = new Date();
      const { eventId } = await enqueueWebhook(handle.db, "tier_changed", tierChange(uniqueTag("M")), { now });
      const [delivery] = await deliveriesOf(endpoint.id, eventId);
      await setWebhookEndpointActive(handle.db, { id: endpoint.id, active: false, actor: endpoint.actor });
      await deliverDueWebhooks(handle.db, now);
      expect(requestsOf(receiver.received, delivery!.id)).toHaveLength(0);
      await setWebhookEndpointActive(handle.db, { id: endpoint.id, active: true, actor: endpoint.actor });
      await deliverDueWebhooks(handle.db, now);
      expect(requestsOf(receiver.received, delivery!.id)).toHaveLength(1);
      expect((await deliveriesOf(endpoint.id, eventId))[0]?.status).toBe("delivered");
    } finally {
      await receiver.close();
    }
  });
});

describe("retry delays", () => {
  it("double from 30 s and stay within [half, all] of the ceiling, capped at 6 h", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 0))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect(retryDelayMs(30, () => 1)).toBe(6 * 3_600_000);
  });
});
