import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseForTests } from "@/db";
import type { DbHandle } from "@/db/client";
import { selectRows } from "@/db/sql";
import { deliverDueCampaignMessages } from "@/lib/campaigns/deliver";
import { launchWithEstimate } from "@/lib/campaigns/launch";
import { apiRequest, makeApiKey, type ErrorBody } from "@/test/api";
import { makeCampaign, makeCampaignMembers, makeListSegment, makeOfferReward } from "@/test/campaigns";
import { openTestDatabase } from "@/test/db";
import { GET as getInbox } from "../members/[externalId]/inbox/route";
import { POST } from "./redeem/route";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
});
afterAll(async () => {
  await handle.close();
});

/** A launched in-app campaign on `count` German-speaking members, its messages sent; the offers' codes by member. */
async function launchedCampaign(count: number) {
  const members = await makeCampaignMembers(handle.db, count, { locales: ["de"], consents: ["marketing_in_app"] });
  const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
  const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 150)], channels: ["in_app"], overrides: { controlPercent: 0 } });
  await launchWithEstimate(handle.db, { campaignId: id, actor, actorIsAdmin: true });
  await deliverDueCampaignMessages(handle.db, new Date(), { transport: null, campaignId: id });
  const offers = await selectRows<{ member_id: string; external_id: string; code: string }>(
    handle.db,
    sql`SELECT r.member_id, m.external_id, r.code FROM campaign_recipients r JOIN members m ON m.id = r.member_id WHERE r.campaign_id = ${id}::uuid`,
  );
  return { id, offers };
}

describe("POST /api/v1/offers/redeem", () => {
  it("redeems a campaign offer once, then answers 409 offer_used; an unknown code is 404; no key is 401; a missing code is 400 naming code", async () => {
    const key = await makeApiKey(handle.db);
    const { id, offers } = await launchedCampaign(2);
    const redeem = (body: unknown, token: string | null = key.token) => POST(apiRequest("/offers/redeem", { token, body }));
    const first = await redeem({ code: offers[0]!.code, reference: "R-9" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "redeemed", campaignId: id, memberId: offers[0]!.member_id, costMinor: 150 });
    const again = await redeem({ code: offers[0]!.code, reference: "R-10" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.fieldErrors).toEqual({ code: ["offer_used"] });
    expect((await redeem({ code: "0000-NOT-A-CODE" })).status).toBe(404);
    expect((await redeem({ code: offers[1]!.code }, null)).status).toBe(401);
    const invalid = await redeem({});
    expect(invalid.status).toBe(400);
    expect(Object.keys(((await invalid.json()) as ErrorBody).error.fieldErrors ?? {})).toContain("code");
  });
});

describe("GET /api/v1/members/{externalId}/inbox", () => {
  it("shows the member's in-app offer in German with its code, and marks it redeemed after the redemption", async () => {
    const key = await makeApiKey(handle.db);
    const { offers } = await launchedCampaign(1);
    const inbox = async () => {
      const response = await getInbox(apiRequest(`/members/${offers[0]!.external_id}/inbox`, { token: key.token }), { params: Promise.resolve({ externalId: offers[0]!.external_id }) });
      expect(response.status).toBe(200);
      return (await response.json()) as { messages: { subject: string; code: string; locale: string; redeemed: boolean }[] };
    };
    const before = await inbox();
    expect(before.messages).toHaveLength(1);
    expect(before.messages[0]).toMatchObject({ locale: "de", code: offers[0]!.code, redeemed: false });
    expect(before.messages[0]!.subject).toMatch(/^Hallo /);
    await POST(apiRequest("/offers/redeem", { token: key.token, body: { code: offers[0]!.code } }));
    expect((await inbox()).messages[0]!.redeemed).toBe(true);
  });
});
