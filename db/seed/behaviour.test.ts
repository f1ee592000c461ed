import { beforeAll, describe, expect, it } from "vitest";
import type { BehaviourGroup } from "./behaviour";
import { DAY_MS } from "./calendar";
import { coefficientOfVariation, generateSample, mean, quantile, type MemberSample, type ProgramSample } from "./testing";

const END_MS = Date.UTC(2026, 0, 1);

/** Saturday or Sunday in Central European time (close enough for shares over thousands of receipts). */
function isWeekend(ms: number): boolean {
  const day = new Date(ms + 3_600_000).getUTCDay();
  return day === 0 || day === 6;
}

function revenuePerDay(sample: ProgramSample, from: number, to: number): number {
  let revenue = 0;
  for (const m of sample.members) for (const t of m.sales) if (t.occurredAtMs >= from && t.occurredAtMs < to) revenue += t.totalMinor;
  return revenue / ((to - from) / DAY_MS);
}

/** What a clustering model would see of a member: channel mix, timing, basket, discounts, frequency, app use, age. */
function features(m: MemberSample): number[] {
  const n = m.sales.length;
  const share = (f: (t: MemberSample["sales"][number]) => boolean) => m.sales.filter(f).length / n;
  const lines = m.sales.flatMap((t) => t.lines);
  const yearsActive = Math.max(30, ((m.truth.lapsedAtMs ?? END_MS) - m.member.joinedAtMs) / DAY_MS) / 365.25;
  return [
    share((t) => t.channel === "pos"),
    share((t) => t.channel === "online"),
    share((t) => t.channel === "app"),
    share((t) => isWeekend(t.occurredAtMs)),
    mean(m.sales.map((t) => t.lines.length)) / 2,
    lines.filter((l) => l.discountMinor > 0).length / lines.length,
    Math.log(n / yearsActive) / 2,
    Math.log1p(m.events.filter((e) => e.channel === "app").length / n) / 2,
    (END_MS / (365.25 * DAY_MS) + 1970 - Number(m.member.birthDate.slice(0, 4))) / 30,
  ];
}

describe("behaviour of 3,000 members over 24 months (January 2024 to December 2025)", () => {
  let sample: ProgramSample;
  const byGroup = (group: BehaviourGroup) => sample.members.filter((m) => m.truth.behaviourGroup === group);
  beforeAll(() => {
    sample = generateSample({ members: 3000, months: 24, seed: 11, end: new Date(END_MS) });
  });

  it("true purchase rates spread widely (coefficient of variation > 0.8) and so do observed sale counts (median <= 6, 90th percentile >= 15)", () => {
    expect(coefficientOfVariation(sample.members.map((m) => m.truth.purchaseRatePerYear))).toBeGreaterThan(0.8);
    const counts = sample.members.map((m) => m.sales.length);
    expect(quantile(counts, 0.5)).toBeLessThanOrEqual(6);
    expect(quantile(counts, 0.9)).toBeGreaterThanOrEqual(15);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBeGreaterThan(60);
  });

  it("averages 7 to 13 sales per member, the density that gives about 10M receipts for 1M members", () => {
    expect(mean(sample.members.map((m) => m.sales.length))).toBeGreaterThan(7);
    expect(mean(sample.members.map((m) => m.sales.length))).toBeLessThan(13);
  });

  it("between 20% and 70% of members lapse within the period, and none of them buys after the lapse", () => {
    const lapsed = sample.members.filter((m) => m.truth.lapsedAtMs !== null);
    expect(lapsed.length / sample.members.length).toBeGreaterThan(0.2);
    expect(lapsed.length / sample.members.length).toBeLessThan(0.7);
    for (const m of lapsed) expect(Math.max(...m.sales.map((t) => t.occurredAtMs))).toBe(m.truth.lapsedAtMs);
  });

  it("December 2024 revenue per day is over 1.25x that of Sep-Nov 2024 and Jan-Mar 2025 (a window centred on it, so growth cancels)", () => {
    const december = revenuePerDay(sample, Date.UTC(2024, 11, 1), Date.UTC(2025, 0, 1));
    const autumn = revenuePerDay(sample, Date.UTC(2024, 8, 1), Date.UTC(2024, 11, 1));
    const spring = revenuePerDay(sample, Date.UTC(2025, 0, 1), Date.UTC(2025, 3, 1));
    expect(december / ((autumn + spring) / 2)).toBeGreaterThan(1.25);
  });

  it("weekend share of sales: over 45% for weekend online shoppers, under 15% for weekday regulars", () => {
    const weekendShare = (members: MemberSample[]) => {
      const sales = members.flatMap((m) => m.sales);
      return sales.filter((t) => isWeekend(t.occurredAtMs)).length / sales.length;
    };
    expect(weekendShare(byGroup("weekend_online_big_basket"))).toBeGreaterThan(0.45);
    expect(weekendShare(byGroup("weekday_instore_regular"))).toBeLessThan(0.15);
  });

  it("deal seekers buy over 3x the share of discounted lines other members do, and answer percent-off offers 3x as often", () => {
    const discountShare = (members: MemberSample[]) => {
      const lines = members.flatMap((m) => m.sales.flatMap((t) => t.lines));
      return lines.filter((l) => l.discountMinor > 0).length / lines.length;
    };
    const deal = byGroup("deal_seeker");
    const others = sample.members.filter((m) => m.truth.behaviourGroup !== "deal_seeker");
    expect(discountShare(deal)).toBeGreaterThan(3 * discountShare(others));
    const group = new Map(sample.members.map((m) => [m.member.id, m.truth.behaviourGroup]));
    const percentOff = (dealSeeker: boolean) =>
      mean(sample.all.offers.filter((o) => o.offerType === "percent_off" && (group.get(o.memberId) === "deal_seeker") === dealSeeker).map((o) => o.propensity));
    expect(percentOff(true)).toBeGreaterThan(3 * percentOff(false));
  });

  it("engagement in the 60 days before a lapse runs under 65% of the member's earlier daily level, and under 10% after it", () => {
    let early = 0;
    let earlyDays = 0;
    let fading = 0;
    let fadingDays = 0;
    let after = 0;
    let afterDays = 0;
    for (const m of sample.members) {
      const lapse = m.truth.lapsedAtMs;
      if (lapse === null || lapse - m.member.joinedAtMs < 240 * DAY_MS) continue;
      early += m.events.filter((e) => e.occurredAtMs < lapse - 90 * DAY_MS).length;
      earlyDays += (lapse - 90 * DAY_MS - m.member.joinedAtMs) / DAY_MS;
      fading += m.events.filter((e) => e.occurredAtMs >= lapse - 60 * DAY_MS && e.occurredAtMs < lapse).length;
      fadingDays += 60;
      after += m.events.filter((e) => e.occurredAtMs >= lapse).length;
      afterDays += (END_MS - lapse) / DAY_MS;
    }
    expect(earlyDays).toBeGreaterThan(10_000);
    expect(fading / fadingDays).toBeLessThan(0.65 * (early / earlyDays));
    expect(after / afterDays).toBeLessThan(0.1 * (early / earlyDays));
  });

  it("each of the 5 planted groups holds 10% to 30% of members", () => {
    const groups: BehaviourGroup[] = ["weekend_online_big_basket", "weekday_instore_regular", "deal_seeker", "app_first_young", "occasional_gift_buyer"];
    for (const group of groups) {
      expect(byGroup(group).length / sample.members.length).toBeGreaterThan(0.1);
      expect(byGroup(group).length / sample.members.length).toBeLessThan(0.3);
    }
  });

  it("behavioural features place over 85% of members with 3+ sales nearest their own group's centre", () => {
    const eligible = sample.members.filter((m) => m.sales.length >= 3);
    const vectors = eligible.map(features);
    const centres = new Map<BehaviourGroup, number[]>();
    for (const group of new Set(eligible.map((m) => m.truth.behaviourGroup))) {
      const own = vectors.filter((_, i) => eligible[i]?.truth.behaviourGroup === group);
      centres.set(group, own[0]?.map((_, k) => mean(own.map((v) => v[k] ?? 0))) ?? []);
    }
    const distance = (a: number[], b: number[]) => a.reduce((s, x, k) => s + (x - (b[k] ?? 0)) ** 2, 0);
    const correct = vectors.filter((v, i) => {
      let best: BehaviourGroup | undefined;
      for (const [group, centre] of centres) if (!best || distance(v, centre) < distance(v, centres.get(best) ?? [])) best = group;
      return best === eligible[i]?.truth.behaviourGroup;
    }).length;
    expect(eligible.length).toBeGreaterThan(1500);
    expect(correct / eligible.length).toBeGreaterThan(0.85);
  });
});
