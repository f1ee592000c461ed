import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseForTests } from "@/db";
import type { DbHandle } from "@/db/client";
import { revokeApiKey } from "@/db/queries/api-keys";
import { transactions } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { createTier } from "@/lib/loyalty/admin-program";
import { apiRequest, makeApiKey, routeParams, type ErrorBody } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { availablePoints, makePointsApi, makeWebhookReceiver, minutesAgo } from "@/test/points-api";
import { GET as getPoints } from "../members/[externalId]/points/route";
import { POST as postReturn } from "../returns/route";
import { POST as postBatch } from "./batch/route";
import { POST as postDryRun } from "./dry-run/route";
import { POST } from "./route";

let handle: DbHandle;
let receiver: Awaited<ReturnType<typeof makeWebhookReceiver>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
  receiver = await makeWebhookReceiver(handle.db, ["tier_changed"]);
});
afterAll(async () => {
  await receiver.close();
  await handle.close();
});

interface ReceiptBody {
  status: "recorded" | "replayed";
  transactionId: number;
  memberId: string | null;
  points: number;
  lines: { lineNo: number; points: number; shares: { kind: string; ruleId?: string; points: number }[] }[];
  lot: { status: string; availableAt: string; expiresAt: string | null } | null;
  tierChange: { from: { name: string } | null; to: { name: string } | null; direction: string } | null;
  balance: { available: number; pending: number } | null;
}

const post = (token: string | null, body: unknown, idempotencyKey?: string) => POST(apiRequest("/transactions", { token, body, idempotencyKey }));
const json = async <T>(response: Response) => (await response.json()) as T;

async function receiptCount(transactionSource: string, externalId: string): Promise<number> {
  const rows = await handle.db.select({ id: transactions.id, source: transactions.source }).from(transactions).where(eq(transactions.externalId, externalId));
  return rows.filter((r) => r.source === transactionSource).length;
}

describe("POST /api/v1/transactions", () => {
  it("records a receipt: 12.50 + 30.00 EUR at 1 point per euro earns 12 + 30 points, in one lot (201)", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const response = await post(key.token, f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "books", amount: "12.50" }, { category: "tea", amount: "30.00", quantity: 2 }]));
    expect(response.status).toBe(201);
    const body = await json<ReceiptBody>(response);
    expect(body).toMatchObject({ status: "recorded", memberId: m.id, points: 42, tierChange: null, balance: { available: 42, pending: 0 } });
    expect(body.lines.map((l) => [l.lineNo, l.points, l.shares.map((s) => s.kind)])).toEqual([
      [1, 12, ["base_rate"]],
      [2, 30, ["base_rate"]],
    ]);
    expect(body.lot).toMatchObject({ status: "available" });
    expect(body.lot?.expiresAt).not.toBeNull();
    expect(await availablePoints(handle.db, f, m.id)).toBe(42);
  });

  it("answers the same externalId sent again with the first result (200, replayed) and credits nothing more", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const receipt = f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "20.00" }]);
    const first = await json<ReceiptBody>(await post(key.token, receipt));
    const again = await post(key.token, receipt);
    expect(again.status).toBe(200);
    const body = await json<ReceiptBody>(again);
    expect(body).toMatchObject({ status: "replayed", transactionId: first.transactionId, points: 20, balance: { available: 20 } });
    expect(body.lines).toEqual(first.lines);
    expect(await receiptCount(key.source, "R1")).toBe(1);
    expect(await availablePoints(handle.db, f, m.id)).toBe(20);
  });

  it("replays an Idempotency-Key retry byte for byte and credits once", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const receipt = f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "7.00" }]);
    const idempotencyKey = uniqueTag("idem");
    const first = await post(key.token, receipt, idempotencyKey);
    expect(first.status).toBe(201);
    const text = await first.text();
    const retry = await post(key.token, receipt, idempotencyKey);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.text()).toBe(text);
    expect(await availablePoints(handle.db, f, m.id)).toBe(7);
  });

  it("credits a receipt sent five times at once exactly once", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const receipt = f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "9.00" }]);
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(key.token, receipt)));
    const bodies = await Promise.all(responses.map((r) => json<ReceiptBody>(r)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.transactionId)).size).toBe(1);
    expect(await availablePoints(handle.db, f, m.id)).toBe(9);
  });

  it("answers 400 naming lines.0.amount and storeCode, and records nothing", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const response = await post(key.token, { ...f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.234" }]), storeCode: undefined });
    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe("invalid_input");
    expect(Object.keys(body.error.fieldErrors ?? {}).sort()).toEqual(["lines.0.amount", "storeCode"]);
    expect(await receiptCount(key.source, "R1")).toBe(0);
  });

  it("answers 404 naming memberExternalId for an unknown member, with the ledger's reason", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const response = await post(key.token, f.receipt("R1", uniqueTag("nobody"), minutesAgo(30), [{ category: "tea", amount: "1.00" }]));
    expect(response.status).toBe(404);
    const body = await json<ErrorBody & { error: { reason: string } }>(response);
    expect(body.error).toMatchObject({ code: "not_found", reason: "unknown_member" });
    expect(body.error.fieldErrors).toHaveProperty("memberExternalId");
  });

  it("answers 401 to an unknown key and to a revoked one", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const receipt = f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }]);
    const unknown = key.token.replace(/_[^_]+$/, `_${"A".repeat(43)}`);
    expect((await post(unknown, receipt)).status).toBe(401);
    await revokeApiKey(handle.db, { id: key.id, actor: key.actor });
    const revoked = await post(key.token, receipt);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await receiptCount(key.source, "R1")).toBe(0);
  });
});

describe("POST /api/v1/transactions sent at the same time (group commit)", () => {
  it("answers each of 40 concurrent requests as if it had been sent alone, while they share transactions", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const members = await Promise.all(Array.from({ length: 8 }, () => f.makeMember()));
    const good = Array.from({ length: 24 }, (_, i) => f.receipt(`G${i}`, members[i % 8]!.externalId, minutesAgo(30), [{ category: "tea", amount: `${i + 1}.00` }]));
    const bad = Array.from({ length: 4 }, (_, i) => f.receipt(`B${i}`, members[0]!.externalId, minutesAgo(30), [{ category: "tea", amount: "1.234" }]));
    const unknown = Array.from({ length: 3 }, (_, i) => f.receipt(`U${i}`, uniqueTag("nobody"), minutesAgo(30), [{ category: "tea", amount: "1.00" }]));
    const sameKey = uniqueTag("idem");
    // Built once: two calls of minutesAgo a millisecond apart would make two different requests (409).
    const sentTwice = f.receipt("K1", members[1]!.externalId, minutesAgo(20), [{ category: "tea", amount: "5.00" }]);
    const otherBodyKey = uniqueTag("idem");
    const sends: { body: unknown; idempotencyKey?: string }[] = [
      ...good.map((body, i) => ({ body, idempotencyKey: i % 2 === 0 ? uniqueTag("idem") : undefined })),
      ...bad.map((body) => ({ body })),
      ...unknown.map((body) => ({ body })),
      { body: good[0] }, // the same receipt number again, without a key
      { body: sentTwice, idempotencyKey: sameKey },
      { body: sentTwice, idempotencyKey: sameKey },
      { body: f.receipt("K2", members[2]!.externalId, minutesAgo(20), [{ category: "tea", amount: "3.00" }]), idempotencyKey: otherBodyKey },
      { body: f.receipt("K3", members[2]!.externalId, minutesAgo(20), [{ category: "tea", amount: "4.00" }]), idempotencyKey: otherBodyKey },
      ...Array.from({ length: 5 }, (_, i) => ({ body: f.receipt(`L${i}`, members[3]!.externalId, minutesAgo(10), [{ category: "tea", amount: "2.00" }]) })),
    ];
    const responses = await Promise.all(sends.map((s) => post(key.token, s.body, s.idempotencyKey)));
    const statuses = responses.map((r) => r.status);
    const bodies = await Promise.all(responses.map(async (r) => (await r.json()) as ReceiptBody & ErrorBody));

    // 24 good receipts recorded, each with its own points; G0 and its copy: one records, the other replays it.
    expect(statuses.slice(1, 24)).toEqual(Array(23).fill(201));
    expect([statuses[0], statuses[31]].sort()).toEqual([200, 201]);
    expect(bodies.slice(0, 24).map((b) => b.points)).toEqual(good.map((_, i) => i + 1));
    // The bad ones name their field (no batch index), unknown members are 404 with the ledger's reason.
    expect(statuses.slice(24, 28)).toEqual([400, 400, 400, 400]);
    for (const b of bodies.slice(24, 28)) expect(Object.keys(b.error.fieldErrors ?? {})).toEqual(["lines.0.amount"]);
    expect(statuses.slice(28, 31)).toEqual([404, 404, 404]);
    expect(bodies.slice(28, 31).map((b) => Object.keys(b.error.fieldErrors ?? {}))).toEqual([["memberExternalId"], ["memberExternalId"], ["memberExternalId"]]);
    expect(bodies[31]).toMatchObject({ transactionId: bodies[0]!.transactionId, points: 1 });
    // One Idempotency-Key sent twice: both answer the same receipt, credited once.
    expect([statuses[32], statuses[33]].sort()).toEqual([201, 201]);
    expect(bodies[32]!.transactionId).toBe(bodies[33]!.transactionId);
    // One key with two different bodies: one is recorded, the other refused 409 (or told to retry: 409 too).
    expect([statuses[34], statuses[35]].sort()).toEqual([201, 409]);
    expect(statuses.slice(36)).toEqual(Array(5).fill(201));

    // The ledger adds up: member 1 earned 2 + 10 + 18 (G1, G9, G17) + 5 (K1 once).
    expect(await availablePoints(handle.db, f, members[1]!.id)).toBe(2 + 10 + 18 + 5);
    expect(await availablePoints(handle.db, f, members[3]!.id)).toBe(4 + 12 + 20 + 5 * 2);
    expect(await receiptCount(key.source, "B0")).toBe(0);
    // And they were committed together: fewer transactions than receipts (xmin is the writing transaction).
    const ids = bodies.flatMap((b, i) => (statuses[i] === 201 ? [b.transactionId] : []));
    // (24 good, K1 once, K2 or K3, 5 for member 3)
    const [row] = await selectRows<{ writers: number }>(
      handle.db,
      sql`select count(distinct xmin::text)::int as writers from transactions where id = any(${`{${ids.join(",")}}`}::bigint[])`,
    );
    const writers = row!.writers;
    expect(ids.length).toBe(24 + 2 + 1 + 5);
    expect(writers).toBeLessThan(ids.length / 2);
  });
});

describe("store and channel scope", () => {
  it("lets a key for store A post receipts for store A and answers 403 naming storeCode for store B", async () => {
    const { f } = await makePointsApi(handle.db);
    const { f: elsewhere } = await makePointsApi(handle.db);
    const storeAKey = await makePointsApiKey(f.programId, [f.store.id]);
    const m = await f.makeMember();
    expect((await post(storeAKey.token, f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }]))).status).toBe(201);
    const response = await post(storeAKey.token, f.receipt("R2", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }], { storeCode: elsewhere.store.code }));
    expect(response.status).toBe(403);
    expect((await json<ErrorBody>(response)).error.fieldErrors).toEqual({ storeCode: ["Outside this API key's stores."] });
    // An online receipt books to the program's online store, which is not store A either.
    const online = await post(storeAKey.token, f.receipt("R3", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }], { channel: "online", storeCode: undefined }));
    expect(online.status).toBe(403);
    expect((await json<ErrorBody>(online)).error.fieldErrors).toHaveProperty("storeCode");
    expect(await receiptCount(storeAKey.source, "R2")).toBe(0);
  });

  it("answers 403 naming channel to a till-only key sending an app receipt", async () => {
    const { f } = await makePointsApi(handle.db);
    const tillKey = await makePointsApiKey(f.programId, "all", ["pos"]);
    const m = await f.makeMember();
    const response = await post(tillKey.token, f.receipt("R1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }], { channel: "app", storeCode: undefined }));
    expect(response.status).toBe(403);
    expect((await json<ErrorBody>(response)).error.fieldErrors).toEqual({ channel: ["Outside this API key's channels."] });
  });
});

/** A key of the program limited to some stores or channels. */
const makePointsApiKey = (programId: string, stores: "all" | string[], channels: ("pos" | "online" | "app")[] = ["pos", "online", "app"]) =>
  makeApiKey(handle.db, { programId, stores, channels });

describe("tier changes", () => {
  it("a receipt that lifts the member over Silver's 50 points answers the change and queues a tier_changed webhook", async () => {
    const { f, key } = await makePointsApi(handle.db);
    await createTier(handle.db, { name: "Silver", rank: 1, threshold: 50 }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    const small = await json<ReceiptBody>(await post(key.token, f.receipt("R1", m.externalId, minutesAgo(40), [{ category: "tea", amount: "30.00" }])));
    expect(small.tierChange).toBeNull();
    const big = await json<ReceiptBody>(await post(key.token, f.receipt("R2", m.externalId, minutesAgo(30), [{ category: "tea", amount: "25.00" }])));
    expect(big.tierChange).toMatchObject({ from: null, to: { name: "Silver" }, direction: "up" });
    const events = (await receiver.bodies("tier_changed")).filter((b) => b.data.memberId === m.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ memberExternalId: m.externalId, fromTier: null, toTier: "Silver", direction: "up" });
    // A replay of the upgrading receipt changes nothing and queues nothing.
    await post(key.token, f.receipt("R2", m.externalId, minutesAgo(30), [{ category: "tea", amount: "25.00" }]));
    expect((await receiver.bodies("tier_changed")).filter((b) => b.data.memberId === m.id)).toHaveLength(1);
  });

  it("a batch whose receipts lift two members queues one tier_changed each", async () => {
    const { f, key } = await makePointsApi(handle.db);
    await createTier(handle.db, { name: "Gold", rank: 1, threshold: 10 }, { actor: f.actor, programId: f.programId });
    const [a, b] = [await f.makeMember(), await f.makeMember()];
    const response = await postBatch(
      apiRequest("/transactions/batch", {
        token: key.token,
        body: { receipts: [f.receipt("B1", a.externalId, minutesAgo(30), [{ category: "tea", amount: "11.00" }]), f.receipt("B2", b.externalId, minutesAgo(30), [{ category: "tea", amount: "12.00" }])] },
      }),
    );
    expect(response.status).toBe(200);
    const events = (await receiver.bodies("tier_changed")).filter((e) => e.data.memberId === a.id || e.data.memberId === b.id);
    expect(events.map((e) => e.data.memberExternalId).sort()).toEqual([a.externalId, b.externalId].sort());
  });
});

interface BatchBody {
  received: number;
  recorded: number;
  replayed: number;
  rejected: number;
  results: ({ index: number; status: "recorded" | "replayed"; points: number } | { index: number; status: "rejected"; reason: string; fieldErrors?: Record<string, string[]> })[];
}

describe("POST /api/v1/transactions/batch", () => {
  it("records the good receipts and names the bad ones receipts.<i>.<field>; a resend replays the good ones", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    const receipts = [
      f.receipt("B1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "10.00" }]),
      f.receipt("B2", m.externalId, minutesAgo(30), [{ category: "tea", amount: "-1.00" }]),
      f.receipt("B3", uniqueTag("nobody"), minutesAgo(30), [{ category: "tea", amount: "1.00" }]),
      f.receipt("B4", m.externalId, minutesAgo(30), [{ category: "tea", amount: "5.00" }]),
    ];
    const send = () => postBatch(apiRequest("/transactions/batch", { token: key.token, body: { receipts } }));
    const response = await send();
    expect(response.status).toBe(200);
    const body = await json<BatchBody>(response);
    expect(body).toMatchObject({ received: 4, recorded: 2, replayed: 0, rejected: 2 });
    expect(body.results.map((r) => [r.index, r.status])).toEqual([
      [0, "recorded"],
      [1, "rejected"],
      [2, "rejected"],
      [3, "recorded"],
    ]);
    const [, bad, unknown] = body.results;
    expect(bad).toMatchObject({ reason: "invalid_input", fieldErrors: { "receipts.1.lines.0.amount": [expect.stringContaining("negative")] } });
    expect(unknown).toMatchObject({ reason: "unknown_member" });
    expect(Object.keys((unknown as { fieldErrors: object }).fieldErrors)).toEqual(["receipts.2.memberExternalId"]);
    expect(await availablePoints(handle.db, f, m.id)).toBe(15);

    const again = await json<BatchBody>(await send());
    expect(again).toMatchObject({ recorded: 0, replayed: 2, rejected: 2 });
    expect(await availablePoints(handle.db, f, m.id)).toBe(15);
  });

  it("answers 400 to an empty batch and 403 naming receipts.<i>.storeCode for another store's receipt, recording none", async () => {
    const { f } = await makePointsApi(handle.db);
    const { f: elsewhere } = await makePointsApi(handle.db);
    const key = await makePointsApiKey(f.programId, [f.store.id]);
    const m = await f.makeMember();
    const empty = await postBatch(apiRequest("/transactions/batch", { token: key.token, body: { receipts: [] } }));
    expect(empty.status).toBe(400);
    expect((await json<ErrorBody>(empty)).error.fieldErrors).toHaveProperty("receipts");
    const response = await postBatch(
      apiRequest("/transactions/batch", {
        token: key.token,
        body: { receipts: [f.receipt("B1", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }]), f.receipt("B2", m.externalId, minutesAgo(30), [{ category: "tea", amount: "1.00" }], { storeCode: elsewhere.store.code })] },
      }),
    );
    expect(response.status).toBe(403);
    expect((await json<ErrorBody>(response)).error.fieldErrors).toEqual({ "receipts.1.storeCode": ["Outside this API key's stores."] });
    expect(await receiptCount(key.source, "B1")).toBe(0);
  });
});

interface ReturnBody {
  status: "recorded" | "replayed";
  currency: string;
  amountMinor: number;
  points: number;
  lines: { lineNo: number; quantity: number; amountMinor: number; points: number }[];
  balance: { available: number } | null;
}

describe("POST /api/v1/returns", () => {
  it("a return of line 2 (1 of 2 units) takes back exactly its 15 of the receipt's 42 points, once", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    await post(key.token, f.receipt("S1", m.externalId, minutesAgo(60), [{ category: "books", amount: "12.00" }, { category: "tea", amount: "30.00", quantity: 2 }]));
    const ret = { externalId: "S1-R1", originalExternalId: "S1", occurredAt: minutesAgo(10), lines: [{ lineNo: 2, quantity: 1 }] };
    const response = await postReturn(apiRequest("/returns", { token: key.token, body: ret }));
    expect(response.status).toBe(201);
    const body = await json<ReturnBody>(response);
    expect(body).toMatchObject({ status: "recorded", currency: "EUR", amountMinor: 1500, points: 15, balance: { available: 27 } });
    expect(body.lines).toEqual([expect.objectContaining({ lineNo: 2, quantity: 1, amountMinor: 1500, points: 15 })]);

    const again = await postReturn(apiRequest("/returns", { token: key.token, body: ret }));
    expect(again.status).toBe(200);
    expect(await json<ReturnBody>(again)).toMatchObject({ status: "replayed", points: 15 });
    expect(await availablePoints(handle.db, f, m.id)).toBe(27);
  });

  it("answers 400 naming lines.0.quantity for more units than were bought, and 404 for an unknown sale", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    await post(key.token, f.receipt("S1", m.externalId, minutesAgo(60), [{ category: "tea", amount: "3.00" }]));
    const tooMany = await postReturn(apiRequest("/returns", { token: key.token, body: { externalId: "S1-R1", originalExternalId: "S1", occurredAt: minutesAgo(10), lines: [{ lineNo: 1, quantity: 2 }] } }));
    expect(tooMany.status).toBe(400);
    expect(Object.keys((await json<ErrorBody>(tooMany)).error.fieldErrors ?? {})).toEqual(["lines.0.quantity"]);
    const unknown = await postReturn(apiRequest("/returns", { token: key.token, body: { externalId: "X-R1", originalExternalId: "X", occurredAt: minutesAgo(10) } }));
    expect(unknown.status).toBe(404);
    expect((await json<ErrorBody>(unknown)).error.fieldErrors).toHaveProperty("originalExternalId");
  });

  it("answers 403 naming storeCode when a store-A key returns a sale of store B, and takes nothing back", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await f.makeMember();
    await post(key.token, f.receipt("S1", m.externalId, minutesAgo(60), [{ category: "tea", amount: "8.00" }]));
    const { f: elsewhere } = await makePointsApi(handle.db);
    const storeBKey = await makePointsApiKey(f.programId, [elsewhere.store.id]);
    const response = await postReturn(apiRequest("/returns", { token: storeBKey.token, body: { externalId: "S1-R1", originalExternalId: "S1", originalSource: key.source, occurredAt: minutesAgo(10) } }));
    expect(response.status).toBe(403);
    expect((await json<ErrorBody>(response)).error.fieldErrors).toEqual({ storeCode: ["Outside this API key's stores."] });
    expect(await availablePoints(handle.db, f, m.id)).toBe(8);
    expect(await receiptCount(storeBKey.source, "S1-R1")).toBe(0);
  });
});

describe("POST /api/v1/transactions/dry-run", () => {
  it("explains each rule per line (books 2x applies, not on tea: category) and the receipt then earns the same", async () => {
    const { f, key } = await makePointsApi(handle.db);
    await f.rule({ name: "Double on books", kind: "multiplier", factor: "2", conditions: { categories: ["books"] } });
    const m = await f.makeMember();
    const basket = f.receipt("D1", m.externalId, minutesAgo(30), [{ category: "books", amount: "10.00" }, { category: "tea", amount: "4.00" }]);
    const response = await postDryRun(apiRequest("/transactions/dry-run", { token: key.token, body: { ...basket, externalId: undefined } }));
    expect(response.status).toBe(200);
    const body = await json<{ points: number; currency: string; lines: { lineNo: number; points: number; explanations: { kind: string; applied: boolean; reason?: string; text: string }[] }[] }>(response);
    expect(body).toMatchObject({ points: 24, currency: "EUR" });
    const multiplierOf = (lineNo: number) => body.lines.find((l) => l.lineNo === lineNo)?.explanations.find((e) => e.kind === "multiplier");
    expect(multiplierOf(1)).toMatchObject({ applied: true });
    expect(multiplierOf(2)).toMatchObject({ applied: false, reason: "category" });
    expect(multiplierOf(2)?.text).toContain("not applied");
    expect(await receiptCount(key.source, "D1")).toBe(0);

    const recorded = await json<ReceiptBody>(await post(key.token, basket));
    expect(recorded.points).toBe(body.points);
  });
});

describe("GET /api/v1/members/{externalId}/points", () => {
  it("shows the balance, open lots, tier progress and the latest entries; 404 for an unknown member", async () => {
    const { f, key } = await makePointsApi(handle.db);
    await createTier(handle.db, { name: "Silver", rank: 1, threshold: 100 }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    await post(key.token, f.receipt("P1", m.externalId, minutesAgo(60), [{ category: "tea", amount: "20.00" }]));
    await post(key.token, f.receipt("P2", m.externalId, minutesAgo(30), [{ category: "tea", amount: "15.00" }]));
    const read = (externalId: string, query = "") => getPoints(apiRequest(`/members/${externalId}/points${query}`, { token: key.token }), routeParams({ externalId }));
    const response = await read(m.externalId);
    expect(response.status).toBe(200);
    const body = await json<{
      balance: { available: number; pending: number; debt: number; lifetimeEarned: number };
      tier: { current: unknown; next: { name: string } | null; amount: number; toGo: number | null; basis: string };
      lots: { remaining: number; expiresAt: string | null }[];
      entries: { kind: string; points: number }[];
    }>(response);
    expect(body.balance).toMatchObject({ available: 35, pending: 0, debt: 0, lifetimeEarned: 35 });
    expect(body.tier).toMatchObject({ current: null, next: { name: "Silver" }, amount: 35, toGo: 65, basis: "points" });
    expect(body.lots.map((l) => l.remaining).sort()).toEqual([15, 20]);
    expect(body.entries.map((e) => e.points)).toEqual([15, 20]);
    const one = await json<{ entries: unknown[] }>(await read(m.externalId, "?entries=1"));
    expect(one.entries).toHaveLength(1);
    expect((await read(m.externalId, "?entries=500")).status).toBe(400);
    expect((await read(uniqueTag("nobody"))).status).toBe(404);
  });
});
