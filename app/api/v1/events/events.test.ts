import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { setDatabaseForTests } from "@/db";
import { engagementEvents, members } from "@/db/schema";
import { apiRequest, makeApiKey, type ErrorBody } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { POST } from "./route";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
});
afterAll(async () => {
  await handle.close();
});

async function makeMember(): Promise<string> {
  const externalId = uniqueTag("M");
  await handle.db.insert(members).values({ externalId, joinedAt: new Date("2024-01-01T00:00:00Z") });
  return externalId;
}

const event = (memberExternalId: string, overrides: Record<string, unknown> = {}) => ({
  externalId: uniqueTag("evt"),
  memberExternalId,
  channel: "app",
  type: "app_open",
  occurredAt: "2025-03-14T15:09:26Z",
  ...overrides,
});

const send = (token: string, events: unknown[], idempotencyKey?: string) => POST(apiRequest("/events", { token, body: { events }, idempotencyKey }));

async function storedEvents(source: string) {
  return handle.db.select().from(engagementEvents).where(eq(engagementEvents.source, source));
}

describe("POST /api/v1/events", () => {
  it("stores a batch once per (source, externalId): a resent batch and a repeat inside it are duplicates", async () => {
    const key = await makeApiKey(handle.db);
    const member = await makeMember();
    const batch = [event(member), event(member, { type: "product_view", properties: { sku: "B-1" } }), event(member, { channel: "social", type: "social_share" })];
    const withRepeat = [...batch, batch[0]];
    const first = await send(key.token, withRepeat);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { received: number; created: number; duplicates: number; results: Array<{ status: string }> };
    expect(body).toMatchObject({ received: 4, created: 3, duplicates: 1 });
    expect(body.results.map((r) => r.status)).toEqual(["created", "created", "created", "duplicate"]);

    const again = (await (await send(key.token, batch)).json()) as { created: number; duplicates: number };
    expect(again).toMatchObject({ created: 0, duplicates: 3 });
    const stored = await storedEvents(key.source);
    expect(stored).toHaveLength(3);
    expect(stored.find((e) => e.type === "product_view")?.properties).toEqual({ sku: "B-1" });
  });

  it("accepts 1,000 events in one request and refuses 1,001 naming the events field", async () => {
    const key = await makeApiKey(handle.db);
    const member = await makeMember();
    const thousand = Array.from({ length: 1000 }, () => event(member));
    const ok = (await (await send(key.token, thousand)).json()) as { created: number };
    expect(ok.created).toBe(1000);
    const tooMany = await send(key.token, [...thousand, event(member)]);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as ErrorBody).error.fieldErrors).toHaveProperty("events");
  });

  it("answers 400 naming the bad field of each bad event, and stores none of the batch", async () => {
    const key = await makeApiKey(handle.db);
    const member = await makeMember();
    const response = await send(key.token, [event(member), event(member, { occurredAt: "yesterday" }), event(member, { type: "dance" })]);
    expect(response.status).toBe(400);
    expect(Object.keys(((await response.json()) as ErrorBody).error.fieldErrors ?? {}).sort()).toEqual(["events.1.occurredAt", "events.2.type"]);
    expect(await storedEvents(key.source)).toHaveLength(0);
  });

  it("answers 400 naming each event whose member is unknown", async () => {
    const key = await makeApiKey(handle.db);
    const member = await makeMember();
    const response = await send(key.token, [event(member), event(uniqueTag("M"))]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fieldErrors).toEqual({ "events.1.memberExternalId": ["No member with this external id."] });
    expect(await storedEvents(key.source)).toHaveLength(0);
  });

  it("answers 403 for an event outside the key's channels (a till's key sending app events)", async () => {
    const key = await makeApiKey(handle.db, { channels: ["pos"] });
    const member = await makeMember();
    const response = await send(key.token, [event(member, { channel: "pos", type: "store_visit" }), event(member, { channel: "app" })]);
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.fieldErrors).toHaveProperty(["events.1.channel"]);
    const online = await makeApiKey(handle.db, { channels: ["online"] });
    expect((await send(online.token, [event(member, { channel: "email", type: "email_open" })])).status).toBe(200);
  });

  it("stores events under the key's source, so another source's equal externalId is a different event", async () => {
    const [keyA, keyB] = [await makeApiKey(handle.db), await makeApiKey(handle.db)];
    const member = await makeMember();
    const shared = event(member);
    expect(((await (await send(keyA.token, [shared])).json()) as { created: number }).created).toBe(1);
    expect(((await (await send(keyB.token, [shared])).json()) as { created: number }).created).toBe(1);
    const rows = await handle.db.select().from(engagementEvents).where(and(eq(engagementEvents.externalId, shared.externalId)));
    expect(rows.map((r) => r.source).sort()).toEqual([keyA.source, keyB.source].sort());
  });
});
