import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { memberCampaignOffers } from "@/db/queries/campaign-member";
import { campaignProgram, setCampaignApprovalThreshold } from "@/db/queries/campaigns";
import { selectRows } from "@/db/sql";
import { minorToDecimal } from "@/lib/loyalty/money";
import { makeStaff } from "@/test/api";
import { grantConsent, makeCampaign, makeCampaignMembers, makeListSegment, makeOfferReward } from "@/test/campaigns";
import { openTestDatabase } from "@/test/db";
import { estimateCampaign } from "./estimate";
import { launchWithEstimate } from "./launch";
import { redeemOffer } from "./redeem";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const launch = (campaignId: string, actor: { kind: "staff"; id: string }, now = new Date()) =>
  launchWithEstimate(handle.db, { campaignId, actor, actorIsAdmin: true, now });

async function recipients(campaignId: string) {
  return selectRows<{ member_id: string; control: boolean; code: string | null; variant_id: string | null; messages: number }>(
    handle.db,
    sql`SELECT r.member_id, r.control, r.code, r.variant_id, (SELECT count(*)::int FROM campaign_messages m WHERE m.recipient_id = r.id) AS messages
          FROM campaign_recipients r WHERE r.campaign_id = ${campaignId}::uuid`,
  );
}

describe("control group", () => {
  it("holds out about 10% of 3,000 members (within 4 standard deviations of 300, σ = √(3000·0.1·0.9) ≈ 16.4), evenly across the member list, and sends them nothing", async () => {
    const members = await makeCampaignMembers(handle.db, 3_000);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const reward = await makeOfferReward(handle.db, 250);
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [reward] });
    const estimate = await estimateCampaign(handle.db, { campaignId: id });
    const outcome = await launch(id, actor);
    const rows = await recipients(id);
    const control = rows.filter((r) => r.control);
    expect(rows).toHaveLength(3_000);
    expect(Math.abs(control.length - 300)).toBeLessThan(4 * Math.sqrt(3_000 * 0.1 * 0.9));
    // The estimate shown before launch is what the launch wrote.
    expect({ treated: estimate.treated, control: estimate.control }).toEqual({ treated: outcome.run!.treated, control: outcome.run!.control });
    expect(outcome.run!.control).toBe(control.length);
    // Control members get no code, no variant and no message; every treated member gets one message per channel.
    expect(control.every((r) => r.code === null && r.variant_id === null && r.messages === 0)).toBe(true);
    expect(rows.filter((r) => !r.control).every((r) => r.code !== null && r.messages === 2)).toBe(true);
    // Uniform along the member list: chi-square over 10 blocks of 300 members, 9 degrees of freedom, below
    // 27.88 (the 0.1% critical value): a draw that followed insertion order would fail it.
    const index = new Map(members.map((m, i) => [m.id, i]));
    const blocks = Array.from({ length: 10 }, () => 0);
    for (const r of control) blocks[Math.floor(index.get(r.member_id)! / 300)]!++;
    const expected = control.length / 10;
    const chiSquare = blocks.reduce((s, observed) => s + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88);
  });

  it("keeps the same members in control in every run of a campaign, and draws another campaign's control independently (overlap near 10% of 10%)", async () => {
    const members = await makeCampaignMembers(handle.db, 2_000);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const reward = await makeOfferReward(handle.db, 250);
    const first = await makeCampaign(handle.db, { segmentId, rewardIds: [reward], overrides: { schedule: "recurring", startsAt: new Date(Date.now() - 60_000), recurDays: 7, excludeOtherControls: false } });
    const second = await makeCampaign(handle.db, { segmentId, rewardIds: [reward], overrides: { excludeOtherControls: false } });
    await launch(first.id, first.actor);
    // The recurring campaign's second run, a week later.
    const { runDueCampaigns } = await import("./lifecycle");
    await runDueCampaigns(handle.db, new Date(Date.now() + 8 * 86_400_000));
    await launch(second.id, second.actor);
    const runs = await selectRows<{ run_number: number; controls: string[] }>(
      handle.db,
      sql`SELECT cr.run_number, array_agg(r.member_id::text ORDER BY r.member_id) FILTER (WHERE r.control) AS controls
            FROM campaign_runs cr JOIN campaign_recipients r ON r.run_id = cr.id WHERE cr.campaign_id = ${first.id}::uuid GROUP BY cr.run_number ORDER BY 1`,
    );
    expect(runs).toHaveLength(2);
    expect(runs[1]!.controls).toEqual(runs[0]!.controls);
    const secondControl = new Set((await recipients(second.id)).filter((r) => r.control).map((r) => r.member_id));
    const overlap = runs[0]!.controls.filter((m) => secondControl.has(m)).length;
    // Independent draws: expected 2000 × 0.1 × 0.1 = 20, σ ≈ √(2000·0.01·0.99) ≈ 4.45.
    expect(Math.abs(overlap - 20)).toBeLessThan(4 * Math.sqrt(2_000 * 0.01 * 0.99));
  });
});

describe("consent and exclusions", () => {
  it("leaves out members without consent for any of the campaign's channels and sends each member only on the channels they consented to", async () => {
    const emailOnly = await makeCampaignMembers(handle.db, 30, { consents: ["marketing_email"] });
    const none = await makeCampaignMembers(handle.db, 20, { consents: [] });
    const withdrawn = await makeCampaignMembers(handle.db, 10);
    await grantConsent(handle.db, withdrawn.map((m) => m.id), "marketing_email", "withdrawn");
    await grantConsent(handle.db, withdrawn.map((m) => m.id), "marketing_in_app", "withdrawn");
    const segmentId = await makeListSegment(handle.db, [...emailOnly, ...none, ...withdrawn].map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 100)], overrides: { controlPercent: 0 } });
    await launch(id, actor);
    const rows = await recipients(id);
    expect(new Set(rows.map((r) => r.member_id))).toEqual(new Set(emailOnly.map((m) => m.id)));
    const channels = await selectRows<{ channel: string; n: number }>(
      handle.db,
      sql`SELECT m.channel, count(*)::int AS n FROM campaign_messages m JOIN campaign_recipients r ON r.id = m.recipient_id WHERE r.campaign_id = ${id}::uuid GROUP BY 1`,
    );
    expect(channels).toEqual([{ channel: "email", n: 30 }]);
  });
});

describe("caps under concurrent launches", () => {
  it("three campaigns on the same 400 members launched at once, with a cap of 1 offer per member in 14 days, give no member two offers", async () => {
    const members = await makeCampaignMembers(handle.db, 400);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const reward = await makeOfferReward(handle.db, 100);
    const campaigns = await Promise.all(
      [0, 1, 2].map(() => makeCampaign(handle.db, { segmentId, rewardIds: [reward], overrides: { capOffers: 1, capDays: 14, controlPercent: 0, excludeOtherControls: false } })),
    );
    const outcomes = await Promise.all(campaigns.map((c) => launch(c.id, c.actor)));
    const [offers] = await selectRows<{ members: number; offers: number; most: number }>(
      handle.db,
      sql`SELECT count(DISTINCT member_id)::int AS members, count(*)::int AS offers, coalesce(max(n), 0)::int AS most FROM (
            SELECT member_id, count(*) OVER (PARTITION BY member_id) AS n FROM campaign_recipients
             WHERE campaign_id IN ${campaigns.map((c) => c.id)} AND NOT control) x`,
    );
    expect(offers!.most).toBe(1);
    expect(offers!.members).toBe(400);
    expect(outcomes.reduce((s, o) => s + o.run!.treated, 0)).toBe(400);
  });

  it("one campaign launched five times at once runs once; the other four are refused", async () => {
    const members = await makeCampaignMembers(handle.db, 50);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 100)] });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => launch(id, actor)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["conflict", "conflict", "conflict", "conflict"]);
    const [runs] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM campaign_runs WHERE campaign_id = ${id}::uuid`);
    expect(runs!.n).toBe(1);
  });

  it("max recipients 60 of 200 eligible sends 60 offers and keeps a 10% control of 7 (⌈60 × 0.1 / 0.9⌉)", async () => {
    const members = await makeCampaignMembers(handle.db, 200);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 100)], overrides: { maxRecipients: 60 } });
    const outcome = await launch(id, actor);
    expect({ treated: outcome.run!.treated, control: outcome.run!.control }).toEqual({ treated: 60, control: 7 });
  });

  it("a budget of 10.00 EUR with offers costing 2.50 lets exactly 4 of 12 concurrent redemptions through; the others are refused budget_exhausted", async () => {
    const members = await makeCampaignMembers(handle.db, 30);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 250)], overrides: { budget: "10.00", controlPercent: 0 } });
    await launch(id, actor);
    const codes = (await recipients(id)).map((r) => r.code!).slice(0, 12);
    const results = await Promise.allSettled(codes.map((code) => redeemOffer(handle.db, { code })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
    for (const r of results.filter((x) => x.status === "rejected")) expect((r as PromiseRejectedResult).reason.fieldErrors).toEqual({ code: ["budget_exhausted"] });
    const [campaign] = await selectRows<{ spent: number }>(handle.db, sql`SELECT spent_minor::int AS spent FROM campaigns WHERE id = ${id}::uuid`);
    expect(campaign!.spent).toBe(1_000);
  });
});

describe("redemption", () => {
  it("redeems a code once: the same reference replays, another is refused offer_used, an unknown code is not_found, and a control member has no code", async () => {
    const members = await makeCampaignMembers(handle.db, 5);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 300)], overrides: { controlPercent: 0 } });
    await launch(id, actor);
    const [offer] = await recipients(id);
    const first = await redeemOffer(handle.db, { code: offer!.code!.toLowerCase(), reference: "R-1" });
    expect(first).toMatchObject({ status: "redeemed", campaignId: id, costMinor: 300 });
    expect(await redeemOffer(handle.db, { code: offer!.code!, reference: "R-1" })).toMatchObject({ status: "replayed", costMinor: 300 });
    await expect(redeemOffer(handle.db, { code: offer!.code!, reference: "R-2" })).rejects.toMatchObject({ code: "conflict", fieldErrors: { code: ["offer_used"] } });
    await expect(redeemOffer(handle.db, { code: "NOPE-NOPE-NOPE" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("shows on the member's page: the offer with its code and redemption, or that the member was held out as control", async () => {
    const members = await makeCampaignMembers(handle.db, 40);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 300)], overrides: { controlPercent: 50 } });
    await launch(id, actor);
    const rows = await recipients(id);
    const treated = rows.find((r) => !r.control)!;
    const held = rows.find((r) => r.control)!;
    await redeemOffer(handle.db, { code: treated.code! });
    const [offer] = await memberCampaignOffers(handle.db, { memberId: treated.member_id });
    expect(offer).toMatchObject({ campaignId: id, control: false, code: treated.code });
    expect(offer!.redeemedAt).toBeInstanceOf(Date);
    expect(await memberCampaignOffers(handle.db, { memberId: held.member_id })).toMatchObject([{ campaignId: id, control: true, offer: null, code: null, redeemedAt: null }]);
  });

  it("refuses an offer after its validity (14 days after sending) with offer_expired", async () => {
    const members = await makeCampaignMembers(handle.db, 3);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 300)], overrides: { controlPercent: 0 } });
    const sent = new Date(Date.now() - 20 * 86_400_000);
    await launch(id, actor, sent);
    const [offer] = await recipients(id);
    await expect(redeemOffer(handle.db, { code: offer!.code! })).rejects.toMatchObject({ fieldErrors: { code: ["offer_expired"] } });
  });
});

describe("approval", () => {
  it("above an admin's threshold of 1.00 EUR a marketer's launch waits for approval (3 members × 1.00 offer = 3.00 at most); an admin's approval launches it; 'abc' is refused naming approvalThreshold", async () => {
    const members = await makeCampaignMembers(handle.db, 3);
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 100)], overrides: { controlPercent: 0 } });
    const admin = await makeStaff(handle.db, "admin");
    const before = await campaignProgram(handle.db);
    await expect(setCampaignApprovalThreshold(handle.db, { amount: "abc", actor: admin })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { approvalThreshold: [expect.stringContaining("decimal")] } });
    await setCampaignApprovalThreshold(handle.db, { amount: "1.00", actor: admin });
    try {
      const waiting = await launchWithEstimate(handle.db, { campaignId: id, actor, actorIsAdmin: false });
      expect(waiting).toEqual({ status: "awaiting_approval", run: null });
      await expect(launchWithEstimate(handle.db, { campaignId: id, actor, actorIsAdmin: false })).rejects.toMatchObject({ code: "forbidden" });
      const approved = await launchWithEstimate(handle.db, { campaignId: id, actor: admin, actorIsAdmin: true });
      expect(approved.status).toBe("running");
      expect(approved.run!.treated).toBe(3);
      const audit = await selectRows<{ action: string }>(handle.db, sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY id`);
      expect(audit.map((a) => a.action)).toEqual(["campaign.create", "campaign.approval_requested", "campaign.approve_and_launch"]);
    } finally {
      await setCampaignApprovalThreshold(handle.db, { amount: minorToDecimal(before.approvalMinor, before.currency), actor: admin });
    }
  });
});
