import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { setDatabaseForTests } from "@/db";
import { revokeApiKey } from "@/db/queries/api-keys";
import { apiKeys, idempotencyKeys, memberIdentities, members } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { apiRequest, makeApiKey, makeStore, routeParams, type ErrorBody } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { GET } from "./[externalId]/route";
import { POST } from "./route";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
});
afterAll(async () => {
  await handle.close();
});

const post = (token: string | null, body: unknown, idempotencyKey?: string) => POST(apiRequest("/members", { token, body, idempotencyKey }));

async function memberCount(externalId: string): Promise<number> {
  const rows = await handle.db.select({ id: members.id }).from(members).where(eq(members.externalId, externalId));
  return rows.length;
}

describe("POST /api/v1/members authentication", () => {
  it("answers 401 with the error envelope without a key, with an unknown key and with a malformed one", async () => {
    const externalId = uniqueTag("M");
    const key = await makeApiKey(handle.db);
    const unknown = key.token.replace(/_[^_]+$/, `_${"A".repeat(43)}`);
    for (const token of [null, unknown, "lk_live_nope", "not-a-key"]) {
      const response = await post(token, { externalId });
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toContain("Bearer");
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe("unauthorized");
    }
    expect(await memberCount(externalId)).toBe(0);
  });

  it("answers 401 once the key is revoked, and records when a key was last used", async () => {
    const key = await makeApiKey(handle.db);
    expect((await post(key.token, { externalId: uniqueTag("M") })).status).toBe(201);
    const [used] = await handle.db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);

    await revokeApiKey(handle.db, { id: key.id, actor: key.actor });
    const response = await post(key.token, { externalId: uniqueTag("M") });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.message).toMatch(/revoked/);
  });

  it("logs every request with the key's public id and never the secret", async () => {
    const key = await makeApiKey(handle.db);
    const log = vi.spyOn(console, "info").mockImplementation(() => {});
    try {
      await post(key.token, { externalId: uniqueTag("M") });
      const lines = log.mock.calls.map((c) => String(c[0]));
      const line = lines.find((l) => l.includes(key.publicId));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ event: "api_request", apiKey: key.publicId, method: "POST", path: "/api/v1/members", status: 201 });
      expect(lines.join("\n")).not.toContain(key.token);
    } finally {
      log.mockRestore();
    }
  });
});

describe("POST /api/v1/members input", () => {
  it("answers 400 naming each bad field by its path, and writes nothing", async () => {
    const key = await makeApiKey(handle.db);
    const externalId = uniqueTag("M");
    const response = await post(key.token, { externalId, email: "not-an-email", birthDate: "1990-13-01", identities: [{ kind: "loyalty_card", value: "" }], shoeSize: 42 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_input");
    expect(Object.keys(body.error.fieldErrors ?? {}).sort()).toEqual(["_", "birthDate", "email", "identities.0.value"]);
    expect(body.error.fieldErrors?._?.join()).toContain("shoeSize");
    expect(await memberCount(externalId)).toBe(0);
  });

  it("answers 400 for a body that is not JSON or a missing external id", async () => {
    const key = await makeApiKey(handle.db);
    const notJson = await POST(apiRequest("/members", { token: key.token, rawBody: "{externalId:" }));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.message).toMatch(/not valid JSON/);
    const missing = await post(key.token, { firstName: "Ada" });
    expect(((await missing.json()) as ErrorBody).error.fieldErrors).toHaveProperty("externalId");
  });

  it("answers 400 naming homeStoreCode for a store that does not exist", async () => {
    const key = await makeApiKey(handle.db);
    const response = await post(key.token, { externalId: uniqueTag("M"), homeStoreCode: uniqueTag("NOPE") });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fieldErrors).toHaveProperty("homeStoreCode");
  });
});

describe("POST /api/v1/members upsert", () => {
  it("creates the member (201), then updates only the fields sent (200), keeping the same id", async () => {
    const key = await makeApiKey(handle.db);
    const store = await makeStore(handle.db);
    const externalId = uniqueTag("M");
    const created = await post(key.token, { externalId, firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", homeStoreCode: store.code, identities: [{ kind: "loyalty_card", value: uniqueTag("card") }] });
    expect(created.status).toBe(201);
    const first = (await created.json()) as { id: string; externalId: string; created: boolean };
    expect(first).toMatchObject({ externalId, created: true });

    const updated = await post(key.token, { externalId, city: "Berlin", email: null });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toEqual({ id: first.id, externalId, created: false });
    const [row] = await handle.db.select().from(members).where(eq(members.id, first.id));
    expect(row).toMatchObject({ firstName: "Ada", lastName: "Lovelace", city: "Berlin", email: null, homeStoreId: store.id, status: "active" });
    expect(await memberCount(externalId)).toBe(1);
  });

  it("answers 409 naming the identity that already belongs to another member, and writes nothing", async () => {
    const key = await makeApiKey(handle.db);
    const card = uniqueTag("card");
    expect((await post(key.token, { externalId: uniqueTag("M"), identities: [{ kind: "loyalty_card", value: card }] })).status).toBe(201);
    const other = uniqueTag("M");
    const response = await post(key.token, { externalId: other, identities: [{ kind: "email", value: `${other}@example.com` }, { kind: "loyalty_card", value: card }] });
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorBody).error.fieldErrors).toEqual({ "identities.1.value": ["Already belongs to another member."] });
    expect(await memberCount(other)).toBe(0);
    const identities = await handle.db.select().from(memberIdentities).where(eq(memberIdentities.value, `${other}@example.com`));
    expect(identities).toHaveLength(0);
  });
});

describe("store and channel scope", () => {
  it("lets a key for store A set store A as home store, and answers 403 for store B", async () => {
    const [storeA, storeB] = [await makeStore(handle.db), await makeStore(handle.db)];
    const key = await makeApiKey(handle.db, { stores: [storeA.id], channels: ["pos"] });
    expect((await post(key.token, { externalId: uniqueTag("M"), homeStoreCode: storeA.code })).status).toBe(201);
    const externalId = uniqueTag("M");
    const response = await post(key.token, { externalId, homeStoreCode: storeB.code });
    expect(response.status).toBe(403);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("forbidden");
    expect(body.error.fieldErrors).toHaveProperty("homeStoreCode");
    expect(await memberCount(externalId)).toBe(0);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response to a retry with the same key and body, writing once", async () => {
    const key = await makeApiKey(handle.db);
    const externalId = uniqueTag("M");
    const idempotencyKey = uniqueTag("idem");
    const first = await post(key.token, { externalId, firstName: "Grace" }, idempotencyKey);
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    // Someone else changes the member in between: the retry must not overwrite it, only replay.
    await handle.db.update(members).set({ firstName: "Changed" }).where(eq(members.externalId, externalId));

    const retry = await post(key.token, { externalId, firstName: "Grace" }, idempotencyKey);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.text()).toBe(firstBody);
    const [row] = await handle.db.select({ firstName: members.firstName }).from(members).where(eq(members.externalId, externalId));
    expect(row?.firstName).toBe("Changed");
    expect(await memberCount(externalId)).toBe(1);
  });

  it("answers 409 to the same key with a different body, and 400 to a malformed key", async () => {
    const key = await makeApiKey(handle.db);
    const idempotencyKey = uniqueTag("idem");
    const externalId = uniqueTag("M");
    expect((await post(key.token, { externalId, firstName: "Grace" }, idempotencyKey)).status).toBe(201);
    const other = await post(key.token, { externalId, firstName: "Hopper" }, idempotencyKey);
    expect(other.status).toBe(409);
    expect(((await other.json()) as ErrorBody).error.fieldErrors).toHaveProperty("Idempotency-Key");
    const malformed = await post(key.token, { externalId }, "has spaces in it");
    expect(malformed.status).toBe(400);
  });

  it("keeps keys apart per API key: another key may use the same Idempotency-Key", async () => {
    const [keyA, keyB] = [await makeApiKey(handle.db), await makeApiKey(handle.db)];
    const idempotencyKey = uniqueTag("idem");
    expect((await post(keyA.token, { externalId: uniqueTag("M") }, idempotencyKey)).status).toBe(201);
    const b = await post(keyB.token, { externalId: uniqueTag("M") }, idempotencyKey);
    expect(b.status).toBe(201);
    expect(b.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("stores nothing for a failed request, so a retry after the cause is fixed runs", async () => {
    const [storeA, storeB] = [await makeStore(handle.db), await makeStore(handle.db)];
    const key = await makeApiKey(handle.db, { stores: [storeA.id] });
    const idempotencyKey = uniqueTag("idem");
    const externalId = uniqueTag("M");
    expect((await post(key.token, { externalId, homeStoreCode: storeB.code }, idempotencyKey)).status).toBe(403);
    const stored = await handle.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, idempotencyKey));
    expect(stored).toHaveLength(0);
    const fixed = await post(key.token, { externalId, homeStoreCode: storeA.code }, idempotencyKey);
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("runs concurrent duplicates once: every response is the same and the member is written once", async () => {
    const key = await makeApiKey(handle.db);
    const externalId = uniqueTag("M");
    const idempotencyKey = uniqueTag("idem");
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(key.token, { externalId, firstName: "Katherine" }, idempotencyKey)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(bodies).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("Idempotent-Replayed") === null)).toHaveLength(1);
    expect(await memberCount(externalId)).toBe(1);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a key's allowance (2 a minute) is used up", async () => {
    const key = await makeApiKey(handle.db, { rateLimitPerMinute: 2 });
    expect((await post(key.token, { externalId: uniqueTag("M") })).status).toBe(201);
    expect((await post(key.token, { externalId: uniqueTag("M") })).status).toBe(201);
    const externalId = uniqueTag("M");
    const limited = await post(key.token, { externalId });
    expect(limited.status).toBe(429);
    // One token refills in 60 s / 2 = 30 s.
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(29);
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(30);
    expect(((await limited.json()) as ErrorBody).error.code).toBe("rate_limited");
    expect(await memberCount(externalId)).toBe(0);
  });
});

describe("GET /api/v1/members/{externalId}", () => {
  it("returns what a till needs and no contact details", async () => {
    const key = await makeApiKey(handle.db);
    const store = await makeStore(handle.db);
    const externalId = uniqueTag("M");
    await post(key.token, { externalId, firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", phone: "+49 30 123", birthDate: "1990-12-10", homeStoreCode: store.code, joinedAt: "2024-05-02T09:30:00+02:00" });
    const response = await GET(apiRequest(`/members/${externalId}`, { token: key.token }), routeParams({ externalId }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ id: expect.any(String), externalId, firstName: "Ada", status: "active", homeStoreCode: store.code, joinedAt: "2024-05-02T07:30:00.000Z" });
  });

  it("answers 404 for an unknown member and for an erased one", async () => {
    const key = await makeApiKey(handle.db);
    const unknown = uniqueTag("M");
    expect((await GET(apiRequest(`/members/${unknown}`, { token: key.token }), routeParams({ externalId: unknown }))).status).toBe(404);
    const erased = uniqueTag("M");
    await post(key.token, { externalId: erased });
    await selectRows(handle.db, sql`UPDATE members SET status = 'erased' WHERE external_id = ${erased} RETURNING id`);
    const response = await GET(apiRequest(`/members/${erased}`, { token: key.token }), routeParams({ externalId: erased }));
    expect(response.status).toBe(404);
    expect((await post(key.token, { externalId: erased, firstName: "Back" })).status).toBe(409);
  });
});
