import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { choosePersonalOffers } from "@/db/queries/campaign-personal-offers";
import { getMemberOffers } from "@/db/queries/member-offers";
import { loadLatestPropensityModel, storePropensityModel, trainPropensityModel } from "@/db/queries/offer-propensity";
import { loadPropensityInputs } from "@/db/queries/offer-propensity-inputs";
import { seedDemoProgram, taggedMemberIds } from "@/db/seed/program";
import { selectRows } from "@/db/sql";
import { scoreOffers } from "@/lib/models/propensity";
import { grantConsent, makeCampaign, makeListSegment } from "@/test/campaigns";
import { openPrivateDatabase, uniqueTag } from "@/test/db";
import { launchWithEstimate } from "./launch";

const END = new Date(Date.UTC(2026, 0, 1));
/** Three of the generator's offers (db/seed/past-campaigns.ts), each of another kind and category, each with a cost. */
const OFFERS = ["20% off tea", "Free coffee", "2 for 1 bakery"];

let handle: DbHandle;
let dispose: () => Promise<void>;
let memberIds: string[];
let rewardIds: string[];
let segmentId: string;

async function launchOn(allocation: "personalized" | "even") {
  const campaign = await makeCampaign(handle.db, { segmentId, rewardIds, channels: ["in_app"], overrides: { allocation, excludeOtherControls: false } });
  await launchWithEstimate(handle.db, { campaignId: campaign.id, actor: campaign.actor, actorIsAdmin: true, now: END });
  const treated = await selectRows<{ member_id: string; variant_id: string }>(
    handle.db,
    sql`SELECT member_id::text AS member_id, variant_id::text AS variant_id FROM campaign_recipients WHERE campaign_id = ${campaign.id}::uuid AND NOT control`,
  );
  return { id: campaign.id, treated };
}

beforeAll(async () => {
  // A private database: the propensity model stored below is the newest, whatever other test files train meanwhile.
  ({ handle, dispose } = await openPrivateDatabase());
  const tag = uniqueTag("pers");
  await seedDemoProgram(handle, { members: 2000, months: 24, seed: 5, end: END, tag });
  memberIds = await taggedMemberIds(handle.db, tag);
  await grantConsent(handle.db, memberIds, "marketing_in_app");
  segmentId = await makeListSegment(handle.db, memberIds);
  const rows = await selectRows<{ id: string; name: string }>(handle.db, sql`SELECT id::text AS id, name FROM rewards WHERE name LIKE ${`${tag} %`}`);
  rewardIds = OFFERS.map((name) => rows.find((r) => r.name === `${tag} ${name}`)!.id);
}, 300_000);
afterAll(async () => dispose?.());

describe("a personalized campaign on 2,000 generated members with three offers", () => {
  it("before any propensity model is trained, chooses for nobody: every member gets the allocation's draw", async () => {
    const run = await launchOn("personalized");
    expect(run.treated.length).toBeGreaterThan(1000);
    expect((await choosePersonalOffers(handle.db, { campaignId: run.id, memberIds: run.treated.map((r) => r.member_id), now: END })).size).toBe(0);
    // The draw splits evenly (Thompson's first run): each offer near a third.
    for (const rewardVariant of new Set(run.treated.map((r) => r.variant_id))) {
      expect(run.treated.filter((r) => r.variant_id === rewardVariant).length / run.treated.length).toBeGreaterThan(0.25);
    }
  });

  describe("with the propensity model trained on the program's past campaigns", () => {
    beforeAll(async () => {
      await storePropensityModel(handle.db, await trainPropensityModel(handle.db, { now: END }));
    }, 120_000);

    it("gives every treated member the offer with the best p · (V − C) for them, and the choice differs between members (each offer to at least 10%)", async () => {
      const run = await launchOn("personalized");
      const choices = await choosePersonalOffers(handle.db, { campaignId: run.id, memberIds: run.treated.map((r) => r.member_id), now: END });
      expect(choices.size).toBe(run.treated.length);
      expect(run.treated.every((r) => choices.get(r.member_id) === r.variant_id)).toBe(true);
      const shares = [...new Set(choices.values())].map((v) => run.treated.filter((r) => r.variant_id === v).length / run.treated.length);
      expect(shares).toHaveLength(3);
      expect(Math.min(...shares)).toBeGreaterThan(0.1);
    });

    it("the next best offer's propensities are the trained model's scores of the member's inputs as of now", async () => {
      const stored = (await loadLatestPropensityModel(handle.db))!;
      let checked = 0;
      for (const memberId of memberIds.slice(300, 400)) {
        const view = await getMemberOffers(handle.db, { memberId, scope: { kind: "all" }, now: END });
        if (!view || view.offers.length === 0) continue;
        const inputs = (await loadPropensityInputs(handle.db, { memberIds: [memberId], asOf: END })).get(memberId)!;
        const expected = scoreOffers(stored.model, inputs, view.offers.map((o) => ({ id: o.candidate.rewardId, kind: o.candidate.kind, categoryId: o.candidate.categoryId })));
        for (const offer of view.offers) expect(offer.propensity).toBeCloseTo(expected.get(offer.candidate.rewardId)!, 12);
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
    });

    it("members who objected to profiling still get one of the offers, by the draw, and nothing is chosen from their data", async () => {
      const objecting = memberIds.slice(0, 200);
      await grantConsent(handle.db, objecting, "personalization", "withdrawn");
      const run = await launchOn("personalized");
      const reached = run.treated.filter((r) => objecting.includes(r.member_id));
      expect(reached.length).toBeGreaterThan(100);
      expect(reached.every((r) => r.variant_id !== null)).toBe(true);
      const choices = await choosePersonalOffers(handle.db, { campaignId: run.id, memberIds: reached.map((r) => r.member_id), now: END });
      expect(choices.size).toBe(0);
    });
  });
});
