import { createMatrix, type FeatureMatrix } from "./matrix";
import type { FeatureTransform } from "./standardize";

/** What one member's history says about how they shop, as read from the database (db/queries/clustering-input.ts). */
export interface MemberBehaviour {
  memberId: string;
  /** Days from joining to the "as of" moment. */
  tenureDays: number;
  /** Null when the birth date is unknown. */
  ageYears: number | null;
  /** Sales (receipts that are not returns): the F of RFM. */
  sales: number;
  /** Days since the last sale; null without one. */
  recencyDays: number | null;
  /** Sales minus returns, in minor units: the M of RFM. */
  netSpendMinor: number;
  /** Gross sales total, in minor units (for the average basket). */
  salesSpendMinor: number;
  itemsPerSale: number;
  /** Sales on a Saturday or Sunday in the member's home time zone. */
  weekendSales: number;
  posSales: number;
  onlineSales: number;
  appSales: number;
  /** Sales spend in the last 90 days and in the 90 days before those. */
  spendLast90Minor: number;
  spendPrior90Minor: number;
  saleLines: number;
  discountedLines: number;
  /** Sales line amounts per category code. */
  categorySpendMinor: Readonly<Record<string, number>>;
  /** Engagement events per channel since joining. */
  events: { app: number; web: number; email: number; social: number };
}

/** A trait a cluster can be named by: a message key under `traits.` of the segments-ai catalogue, with its parameters. */
export interface TraitMessage {
  key: string;
  params?: Record<string, string>;
}

export interface FeatureDefinition {
  /** Stable identifier ("weekendShare", "category:coffee"). */
  key: string;
  transform: FeatureTransform;
  /**
   * Related features (the channel shares, basket value and size, the category shares): a cluster's name takes
   * at most one trait per family, so "online" and "not in store" never both appear.
   */
  family: string;
  /** The feature's own name on a profile card: a message key under `features.` of the segments-ai catalogue. */
  label: TraitMessage;
  /** What a cluster far above the mean is called, and far below; null when that side says nothing a marketer can use. */
  high: TraitMessage | null;
  low: TraitMessage | null;
  /** The raw value for a member; null when unknown (imputed with the column mean). */
  value: (m: MemberBehaviour) => number | null;
}

const YEAR_DAYS = 365.25;
/** Rates over less than a month of membership would make a member who joined yesterday look hyperactive. */
const MIN_RATE_DAYS = 30;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const perYear = (count: number, m: MemberBehaviour) => count / (Math.max(MIN_RATE_DAYS, m.tenureDays) / YEAR_DAYS);
const message = (key: string, params?: Record<string, string>): TraitMessage => (params ? { key, params } : { key });

/** Events per year of membership in one engagement channel; being far below says nothing (many never open an e-mail). */
function engagementFeature(key: string, channel: keyof MemberBehaviour["events"], high: string): FeatureDefinition {
  return { key, label: message(key), transform: "log1p", family: "engagement", high: message(high), low: null, value: (m) => perYear(m.events[channel], m) };
}

/** How members shop: channels, timing, basket, discounts, pace, app use, age. */
export const STYLE_FEATURES: readonly FeatureDefinition[] = [
  { key: "weekendShare", label: message("weekendShare"), transform: "identity", family: "timing", high: message("weekend"), low: message("weekday"), value: (m) => share(m.weekendSales, m.sales) },
  { key: "posShare", label: message("posShare"), transform: "identity", family: "channel", high: message("inStore"), low: null, value: (m) => share(m.posSales, m.sales) },
  { key: "onlineShare", label: message("onlineShare"), transform: "identity", family: "channel", high: message("online"), low: null, value: (m) => share(m.onlineSales, m.sales) },
  { key: "appShare", label: message("appShare"), transform: "identity", family: "channel", high: message("appFirst"), low: null, value: (m) => share(m.appSales, m.sales) },
  {
    key: "averageBasketMinor", label: message("averageBasketMinor"),
    transform: "log1p",
    family: "basket",
    high: message("bigBaskets"),
    low: message("smallBaskets"),
    value: (m) => share(m.salesSpendMinor, m.sales),
  },
  { key: "itemsPerSale", label: message("itemsPerSale"), transform: "log1p", family: "basket", high: message("manyItems"), low: message("fewItems"), value: (m) => m.itemsPerSale },
  { key: "discountShare", label: message("discountShare"), transform: "identity", family: "discount", high: message("dealSeekers"), low: message("fullPrice"), value: (m) => share(m.discountedLines, m.saleLines) },
  { key: "salesPerYear", label: message("salesPerYear"), transform: "log1p", family: "pace", high: message("frequent"), low: message("occasional"), value: (m) => perYear(m.sales, m) },
  engagementFeature("appEventsPerYear", "app", "appEngaged"),
  { key: "ageYears", label: message("ageYears"), transform: "identity", family: "age", high: message("older"), low: message("younger"), value: (m) => m.ageYears },
];

/** Where a member stands in their life with the brand: RFM and the direction of their spend. */
export const LIFECYCLE_FEATURES: readonly FeatureDefinition[] = [
  { key: "recencyDays", label: message("recencyDays"), transform: "log1p", family: "recency", high: message("lapsing"), low: message("recent"), value: (m) => m.recencyDays },
  { key: "sales", label: message("sales"), transform: "log1p", family: "pace", high: message("frequent"), low: message("occasional"), value: (m) => m.sales },
  { key: "netSpendMinor", label: message("netSpendMinor"), transform: "log1p", family: "value", high: message("bigSpenders"), low: message("lowSpend"), value: (m) => Math.max(0, m.netSpendMinor) },
  {
    key: "spendTrend", label: message("spendTrend"),
    transform: "identity",
    family: "trend",
    high: message("growing"),
    low: message("declining"),
    // (last - prior) / (last + prior): -1 stopped, 0 steady, +1 new or returning; 0 for no spend in either.
    value: (m) => share(m.spendLast90Minor - m.spendPrior90Minor, m.spendLast90Minor + m.spendPrior90Minor),
  },
  engagementFeature("emailEventsPerYear", "email", "emailReaders"),
  engagementFeature("socialEventsPerYear", "social", "social"),
];

/** One share-of-spend feature per category; the category's display name is a parameter of its trait. */
export function categoryFeatures(categories: readonly { code: string; name: string }[]): FeatureDefinition[] {
  return categories.map(({ code, name }) => ({
    key: `category:${code}`,
    label: message("category", { category: name }),
    transform: "identity",
    family: "category",
    high: message("category", { category: name }),
    low: null,
    value: (m: MemberBehaviour) => {
      const total = Object.values(m.categorySpendMinor).reduce((s, x) => s + x, 0);
      return share(m.categorySpendMinor[code] ?? 0, total);
    },
  }));
}

/** The members' raw feature values, one row per member; unknown values (no birth date) take the column mean. */
export function behaviourMatrix(members: readonly MemberBehaviour[], features: readonly FeatureDefinition[]): FeatureMatrix {
  const m = createMatrix(members.length, features.length);
  features.forEach((feature, j) => {
    const values = members.map(feature.value);
    const known = values.filter((v): v is number => v !== null);
    const fill = known.length > 0 ? known.reduce((s, x) => s + x, 0) / known.length : 0;
    values.forEach((v, i) => {
      m.data[i * features.length + j] = v ?? fill;
    });
  });
  return m;
}
