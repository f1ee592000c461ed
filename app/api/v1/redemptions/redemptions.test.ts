import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseForTests } from "@/db";
import type { DbHandle } from "@/db/client";
import { createReward } from "@/lib/loyalty/admin-rewards";
import { apiRequest, type ErrorBody } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { LoyaltyFixture } from "@/test/loyalty";
import { availablePoints, makePointsApi, makeWebhookReceiver, minutesAgo } from "@/test/points-api";
import { POST as postReceipt } from "../transactions/route";
import { POST } from "./route";
import { POST as postUse } from "./use/route";

let handle: DbHandle;
let receiver: Awaited<ReturnType<typeof makeWebhookReceiver>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
  receiver = await makeWebhookReceiver(handle.db, ["reward_redeemed"]);
});
afterAll(async () => {
  await receiver.close();
  await handle.close();
});

interface RedemptionBody {
  status: "issued" | "replayed";
  redemptionId: string;
  memberId: string;
  points: number;
  code: string;
  lots: { lotId: number; points: number }[];
  balance: { available: number; pending: number };
}
type Refusal = ErrorBody & { error: { reason?: string } };

const redeem = (token: string, body: unknown) => POST(apiRequest("/redemptions", { token, body }));
const use = (token: string, code: string) => postUse(apiRequest("/redemptions/use", { token, body: { code } }));
const json = async <T>(response: Response) => (await response.json()) as T;
const makeReward = (f: LoyaltyFixture, pointsPrice: number) =>
  createReward(handle.db, { name: uniqueTag("5% off"), value: { kind: "percent_off", percent: 5 }, pointsPrice, costMinor: 100, costCurrency: "EUR" }, { actor: f.actor, programId: f.programId });

/** A member of the key's program with `euros` points (1 point per euro). */
async function memberWithPoints(f: LoyaltyFixture, token: string, euros: number) {
  const m = await f.makeMember();
  const response = await postReceipt(apiRequest("/transactions", { token, body: f.receipt(uniqueTag("R"), m.externalId, minutesAgo(30), [{ category: "tea", amount: `${euros}.00` }]) }));
  expect(response.status).toBe(201);
  return m;
}

describe("POST /api/v1/redemptions", () => {
  it("spends 30 of 50 points for a voucher (201), queues reward_redeemed, and answers a retry with the same redemption", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await memberWithPoints(f, key.token, 50);
    const rewardId = await makeReward(f, 30);
    const request = { memberExternalId: m.externalId, rewardId, externalId: "RD-1" };
    const response = await redeem(key.token, request);
    expect(response.status).toBe(201);
    const body = await json<RedemptionBody>(response);
    expect(body).toMatchObject({ status: "issued", memberId: m.id, points: 30, balance: { available: 20 } });
    expect(body.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(body.lots).toEqual([{ lotId: expect.any(Number), points: 30 }]);

    const events = (await receiver.bodies("reward_redeemed")).filter((e) => e.data.redemptionId === body.redemptionId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ memberId: m.id, memberExternalId: m.externalId, rewardId, points: 30, code: body.code });

    const again = await redeem(key.token, request);
    expect(again.status).toBe(200);
    expect(await json<RedemptionBody>(again)).toMatchObject({ status: "replayed", redemptionId: body.redemptionId, code: body.code, balance: { available: 20 } });
    expect((await receiver.bodies("reward_redeemed")).filter((e) => e.data.redemptionId === body.redemptionId)).toHaveLength(1);
    expect(await availablePoints(handle.db, f, m.id)).toBe(20);
  });

  it("answers 409 insufficient_points when 20 points are left for a 30-point reward, spending nothing", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await memberWithPoints(f, key.token, 20);
    const response = await redeem(key.token, { memberExternalId: m.externalId, rewardId: await makeReward(f, 30), externalId: "RD-1" });
    expect(response.status).toBe(409);
    expect((await json<Refusal>(response)).error).toMatchObject({ code: "conflict", reason: "insufficient_points" });
    expect(await availablePoints(handle.db, f, m.id)).toBe(20);
  });

  it("answers 400 naming each bad field, 404 naming rewardId for another program's reward, and 401 without a key", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await memberWithPoints(f, key.token, 10);
    const bad = await redeem(key.token, { rewardId: "not-a-uuid", externalId: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json<ErrorBody>(bad)).error.fieldErrors ?? {}).sort()).toEqual(["externalId", "memberExternalId", "rewardId"]);
    const { f: other } = await makePointsApi(handle.db);
    const foreign = await redeem(key.token, { memberExternalId: m.externalId, rewardId: await makeReward(other, 1), externalId: "RD-2" });
    expect(foreign.status).toBe(404);
    expect((await json<ErrorBody>(foreign)).error.fieldErrors).toHaveProperty("rewardId");
    expect((await POST(apiRequest("/redemptions", { token: null, body: {} }))).status).toBe(401);
  });
});

describe("POST /api/v1/redemptions/use", () => {
  it("marks a voucher used once: 200, then 409 code_used; an unknown code is 404", async () => {
    const { f, key } = await makePointsApi(handle.db);
    const m = await memberWithPoints(f, key.token, 40);
    const redeemed = await json<RedemptionBody>(await redeem(key.token, { memberId: m.id, rewardId: await makeReward(f, 25), externalId: "RD-1" }));
    const first = await use(key.token, redeemed.code.toLowerCase());
    expect(first.status).toBe(200);
    expect(await json<{ redemptionId: string; usedAt: string }>(first)).toMatchObject({ redemptionId: redeemed.redemptionId, memberId: m.id });
    const second = await use(key.token, redeemed.code);
    expect(second.status).toBe(409);
    expect((await json<Refusal>(second)).error).toMatchObject({ reason: "code_used", fieldErrors: { code: ["already used"] } });
    expect((await use(key.token, "NOPE0-NOPE0-NOPE0")).status).toBe(404);
  });
});
