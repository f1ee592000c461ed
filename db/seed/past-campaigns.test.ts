import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "../../test/db";
import type { DbHandle } from "../client";
import { OFFER_TYPES, redemptionProbability, type OfferType } from "./behaviour";
import { CONTROL_SHARE } from "./past-campaigns";
import { seedDemoProgram } from "./program";
import { generateSample, type ProgramSample } from "./testing";

const END = new Date("2026-01-01T00:00:00Z");

describe("the past campaigns of 3,000 generated members over 24 months", () => {
  let sample: ProgramSample;
  beforeAll(() => {
    sample = generateSample({ members: 3000, months: 24, seed: 11, end: END });
  });
  const campaignOf = (i: number) => sample.plan.pastCampaigns.campaigns[i]!;

  it("sends a campaign every 6 to 8 weeks, each to 25-40% of the members who had joined, all completed before the end", () => {
    const { campaigns } = sample.plan.pastCampaigns;
    expect(campaigns.length).toBeGreaterThanOrEqual(12);
    for (const [i, c] of campaigns.entries()) {
      expect(c.validUntilMs).toBeLessThanOrEqual(END.getTime());
      if (i > 0) expect((c.sendAtMs - campaignOf(i - 1).sendAtMs) / 86_400_000).toBeGreaterThanOrEqual(42);
      const joined = sample.members.filter((m) => m.member.joinedAtMs < c.sendAtMs).length;
      const reached = sample.all.pastOffers.filter((o) => o.campaign === i).length;
      // Binomial: within 4 standard deviations of the campaign's own share.
      const sd = Math.sqrt(joined * c.audienceShare * (1 - c.audienceShare));
      expect(Math.abs(reached - joined * c.audienceShare)).toBeLessThan(4 * sd + 1);
    }
  });

  it("holds out about 10% as control (within 3 standard errors), with no code, no variant and no redemption", () => {
    const offers = sample.all.pastOffers;
    const control = offers.filter((o) => o.variant < 0);
    const se = Math.sqrt((CONTROL_SHARE * (1 - CONTROL_SHARE)) / offers.length);
    expect(Math.abs(control.length / offers.length - CONTROL_SHARE)).toBeLessThan(3 * se);
    expect(control.every((o) => o.code === null && o.redeemedAtMs === null && o.costMinor === null)).toBe(true);
  });

  it("reaches members only after they joined, and redeems only within the offer's validity and before the member lapsed", () => {
    const byId = new Map(sample.members.map((m) => [m.member.id, m]));
    let redeemed = 0;
    for (const o of sample.all.pastOffers) {
      const member = byId.get(o.memberId)!;
      const c = campaignOf(o.campaign);
      expect(member.member.joinedAtMs).toBeLessThan(c.sendAtMs);
      if (o.redeemedAtMs === null) continue;
      redeemed++;
      expect(o.redeemedAtMs).toBeGreaterThanOrEqual(c.sendAtMs);
      expect(o.redeemedAtMs).toBeLessThan(c.validUntilMs);
      expect(member.truth.lapsedAtMs === null || o.redeemedAtMs < member.truth.lapsedAtMs).toBe(true);
      expect(o.costMinor).toBe(c.variants[o.variant]!.reward.costMinor);
    }
    expect(redeemed).toBeGreaterThan(300);
  });

  it("follows the ground truth: per offer type, redemptions are within 4 standard errors of the sum of each offer's true probability", () => {
    const truth = new Map(sample.members.map((m) => [m.member.id, m.truth]));
    const propensity = new Map(sample.all.offers.map((o) => [`${o.memberId}:${o.offerType}`, o.propensity]));
    const byType = new Map<OfferType, { n: number; redeemed: number; expected: number; variance: number }>();
    for (const o of sample.all.pastOffers) {
      if (o.variant < 0) continue;
      const c = campaignOf(o.campaign);
      const reward = c.variants[o.variant]!.reward;
      const truePropensity = propensity.get(`${o.memberId}:${reward.offerType}`)!;
      // Without a category the response is the ground truth's propensity; with one, times a taste factor in [0.25, 2].
      if (reward.categoryIndex < 0) expect(o.probability).toBe(redemptionProbability(truePropensity, null));
      else {
        expect(o.probability).toBeGreaterThanOrEqual(0.25 * truePropensity - 1e-9);
        expect(o.probability).toBeLessThanOrEqual(Math.min(0.95, 2 * truePropensity) + 1e-9);
      }
      const lapsed = truth.get(o.memberId)!.lapsedAtMs;
      // The redemption time is send + u^2 x validity: before the lapse with probability sqrt((lapse - send) / validity).
      const beforeLapse = lapsed === null ? 1 : Math.min(1, Math.sqrt(Math.max(0, lapsed - c.sendAtMs) / (c.validUntilMs - c.sendAtMs)));
      const p = o.probability * beforeLapse;
      const entry = byType.get(reward.offerType) ?? { n: 0, redeemed: 0, expected: 0, variance: 0 };
      entry.n++;
      entry.redeemed += o.redeemedAtMs === null ? 0 : 1;
      entry.expected += p;
      entry.variance += p * (1 - p);
      byType.set(reward.offerType, entry);
    }
    expect([...byType.keys()].sort()).toEqual([...OFFER_TYPES].sort());
    for (const [type, e] of byType) {
      expect(e.n, type).toBeGreaterThan(200);
      expect(Math.abs(e.redeemed - e.expected), type).toBeLessThan(4 * Math.sqrt(e.variance));
    }
  });
});

describe("two tagged runs with the same seed in one database", () => {
  let handle: DbHandle;
  const tags = [uniqueTag("pc"), uniqueTag("pc")];
  beforeAll(async () => {
    handle = await openTestDatabase();
    for (const tag of tags) await seedDemoProgram(handle, { members: 200, months: 12, seed: 3, end: END, tag });
  }, 120_000);
  afterAll(async () => handle?.close());

  it("write their own rewards, campaigns, variants, runs and recipients: tagged names, distinct ids and codes, counts that add up", async () => {
    const rows = await handle.rawTransaction((raw) =>
      raw.query<{ tag: string; rewards: number; categorized: number; campaigns: number; completed: number; variants: number; runs: number; treated: number; control: number; recipients: number; codes: number; spent_ok: boolean }>(
        `select t.tag,
                (select count(*)::int from rewards where name like t.tag || ' %') as rewards,
                (select count(*)::int from rewards where name like t.tag || ' %' and category_id is not null) as categorized,
                (select count(*)::int from campaigns where name like t.tag || ' %') as campaigns,
                (select count(*)::int from campaigns where name like t.tag || ' %' and status = 'completed') as completed,
                (select count(*)::int from campaign_variants v join campaigns c on c.id = v.campaign_id where c.name like t.tag || ' %') as variants,
                (select count(*)::int from campaign_runs r join campaigns c on c.id = r.campaign_id where c.name like t.tag || ' %') as runs,
                (select sum(r.treated)::int from campaign_runs r join campaigns c on c.id = r.campaign_id where c.name like t.tag || ' %') as treated,
                (select sum(r.control)::int from campaign_runs r join campaigns c on c.id = r.campaign_id where c.name like t.tag || ' %') as control,
                (select count(*)::int from campaign_recipients r join members m on m.id = r.member_id where m.external_id like t.tag || '-%') as recipients,
                (select count(distinct r.code)::int from campaign_recipients r join members m on m.id = r.member_id where m.external_id like t.tag || '-%') as codes,
                (select bool_and(c.spent_minor = (select coalesce(sum(cost_minor), 0) from campaign_recipients where campaign_id = c.id)) from campaigns c where c.name like t.tag || ' %') as spent_ok
           from unnest($1::text[]) as t(tag)`,
        [`{${tags.join(",")}}`],
      ),
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ rewards: 9, categorized: 7, completed: row.campaigns, runs: row.campaigns, spent_ok: true });
      expect(row.campaigns).toBeGreaterThanOrEqual(5);
      expect(row.variants).toBeGreaterThanOrEqual(2 * row.campaigns);
      expect(row.treated + row.control).toBe(row.recipients);
      expect(row.codes).toBe(row.treated);
    }
    expect(rows[0]!.recipients).toBe(rows[1]!.recipients);
    const shared = await handle.rawTransaction((raw) =>
      raw.query<{ n: number }>(
        `select count(*)::int as n from campaigns a join campaigns b on a.id <> b.id and replace(a.name, $1, '') = replace(b.name, $2, '')
          where a.name like $1 || ' %' and b.name like $2 || ' %'`,
        [tags[0], tags[1]],
      ),
    );
    expect(shared[0]!.n).toBe(rows[0]!.campaigns);
  });
});
