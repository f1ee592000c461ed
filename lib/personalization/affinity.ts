/**
 * A member's category affinity, purchase cycles and "rarely bought" opportunities (issue 7, item 1).
 * Pure: plain arrays in, plain objects out; days are whole program-local days (any epoch), "today" passed in.
 */

/** A share of spend below this is "rarely buys": one incidental item, not a habit. Look-alikes "buy" at or above it. */
export const RARELY_SHARE = 0.02;

export interface CategorySpend {
  categoryId: string;
  spendMinor: number;
  /** Share of the member's sale-line spend (member_category_features.share). */
  share: number;
}

/** A day on which the member bought something in the category (one per category and day). */
export interface CategoryDay {
  categoryId: string;
  day: number;
  /** What the member spent in the category that day, minor units. */
  spendMinor: number;
}

export interface CategoryAffinity {
  categoryId: string;
  share: number;
  spendMinor: number;
  /** Days with a purchase in the category. */
  purchaseDays: number;
  /** Median days between those days; null below two days. */
  cycleDays: number | null;
  lastDay: number | null;
  /** Mean spend on a day with the category; null when no day is known. */
  spendPerVisitMinor: number | null;
}

/** Median of the gaps between consecutive distinct days; null with fewer than two distinct days. */
export function purchaseCycleDays(days: readonly number[]): number | null {
  const distinct = [...new Set(days)].sort((a, b) => a - b);
  if (distinct.length < 2) return null;
  const gaps = distinct.slice(1).map((d, i) => d - distinct[i]!).sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

/**
 * The member's categories by share of spend (largest first, ties by id), each with its purchase cycle. A
 * category with days but no share row (bought only in another currency) is left out: shares are the truth.
 */
export function categoryAffinities(spend: readonly CategorySpend[], days: readonly CategoryDay[]): CategoryAffinity[] {
  const byCategory = new Map<string, CategoryDay[]>();
  for (const d of days) {
    const list = byCategory.get(d.categoryId);
    if (list) list.push(d);
    else byCategory.set(d.categoryId, [d]);
  }
  return [...spend]
    .sort((a, b) => b.share - a.share || a.categoryId.localeCompare(b.categoryId))
    .map((s) => {
      const list = byCategory.get(s.categoryId) ?? [];
      const dayNumbers = list.map((d) => d.day);
      return {
        categoryId: s.categoryId,
        share: s.share,
        spendMinor: s.spendMinor,
        purchaseDays: new Set(dayNumbers).size,
        cycleDays: purchaseCycleDays(dayNumbers),
        lastDay: dayNumbers.length ? Math.max(...dayNumbers) : null,
        spendPerVisitMinor: list.length ? Math.round(list.reduce((n, d) => n + d.spendMinor, 0) / list.length) : null,
      };
    });
}

/** Categories look-alike members buy: per category, the share of the group's members who buy it (share >= RARELY_SHARE). */
export interface LookalikeProfile {
  members: number;
  buyerShare: Readonly<Record<string, number>>;
}

/**
 * Look-alike groups from the batch training: keyed by a member's dominant category ("<a>") and by their two
 * largest ("<a>|<b>"). The pair says more (two members who mostly buy coffee and bakery), the single key is
 * the fallback when the pair's group is small.
 */
export type LookalikeProfiles = Readonly<Record<string, LookalikeProfile>>;

export function lookalikeKeys(affinities: readonly CategoryAffinity[]): string[] {
  const [first, second] = affinities.filter((a) => a.share > 0);
  if (!first) return [];
  return second ? [`${first.categoryId}|${second.categoryId}`, first.categoryId] : [first.categoryId];
}

/** The member's look-alike group: the pair's when it has at least `minMembers`, else the dominant category's. */
export function lookalikeProfileFor(affinities: readonly CategoryAffinity[], profiles: LookalikeProfiles, minMembers = 30): LookalikeProfile | null {
  for (const key of lookalikeKeys(affinities)) {
    const profile = profiles[key];
    if (profile && profile.members >= minMembers) return profile;
  }
  return null;
}

export interface RarelyBought {
  categoryId: string;
  /** Share of look-alike members who buy the category. */
  lookalikeBuyerShare: number;
  /** The member's own share of spend in it (0 when never bought). */
  memberShare: number;
}

/**
 * Categories that at least `minLookalikeShare` of the look-alikes buy and the member rarely does (share
 * below RARELY_SHARE), the most widely bought first (ties by id).
 */
export function rarelyBoughtCategories(
  affinities: readonly CategoryAffinity[],
  profile: LookalikeProfile | null,
  options: { minLookalikeShare?: number } = {},
): RarelyBought[] {
  if (!profile) return [];
  const min = options.minLookalikeShare ?? 0.3;
  const own = new Map(affinities.map((a) => [a.categoryId, a.share]));
  return Object.entries(profile.buyerShare)
    .map(([categoryId, lookalikeBuyerShare]) => ({ categoryId, lookalikeBuyerShare, memberShare: own.get(categoryId) ?? 0 }))
    .filter((c) => c.lookalikeBuyerShare >= min && c.memberShare < RARELY_SHARE)
    .sort((a, b) => b.lookalikeBuyerShare - a.lookalikeBuyerShare || a.categoryId.localeCompare(b.categoryId));
}
