import { PURCHASE_CHANNELS, STYLE_LOYALTY, type PurchaseChannel } from "./behaviour";
import type { Catalog, ProductRow } from "./catalog";
import { DAY_MS } from "./calendar";
import type { MemberTraits } from "./generate";
import { secondOfDay, type PlannedStore, type ProgramPlan } from "./plan";
import type { Random } from "./random";

export interface GeneratedLine {
  lineNo: number;
  productId: string;
  sku: string;
  categoryId: string;
  /** Negative on return lines: a return reverses units as well as money. */
  quantity: number;
  amountMinor: number;
  discountMinor: number;
}

export interface GeneratedTransaction {
  memberId: string;
  storeId: string;
  channel: PurchaseChannel;
  kind: "sale" | "return";
  /** For a return: the position of its sale in the same list (the member's, then the chunk's). */
  originalIndex: number | null;
  occurredAtMs: number;
  /**
   * For a sale: the times of the member's previous and second-previous sale, which a trigger on
   * transactions would otherwise compute (and update) after every insert; null for returns.
   */
  prevSaleAtMs: number | null;
  prev2SaleAtMs: number | null;
  totalMinor: number;
  discountMinor: number;
  itemCount: number;
  source: string;
  externalId: string;
  lines: GeneratedLine[];
}

export interface PurchaseHistory {
  transactions: GeneratedTransaction[];
  /** The moment of the last purchase of a member who lapsed within the period; null while still alive. */
  lapsedAtMs: number | null;
}

/** Chance that a sale comes back, by channel: web orders are returned most, till purchases least. */
const RETURN_RATE: Record<PurchaseChannel, number> = { pos: 0.015, online: 0.045, app: 0.03 };
/** Line discounts a promotion gives, in percent, and how common each is. */
const DISCOUNT_PERCENTS = [10, 15, 20, 25, 30, 50];
const DISCOUNT_WEIGHTS = [3, 2, 3, 1.5, 1.5, 0.5];
/** Share of till purchases a member makes away from their home store. */
const AWAY_FROM_HOME = 0.12;

/** Moves a till purchase off a Sunday when the store is shut then (to Saturday, or Monday on day 0). */
export function openDay(plan: ProgramPlan, store: PlannedStore, day: number): number {
  if (!store.closedOnSunday || plan.calendar.weekday[day] !== 6) return day;
  return day > 0 ? day - 1 : day + 1;
}

/**
 * Simulates one member's receipts: the first purchase right after joining, then repeat purchases from a
 * Poisson process thinned by the group's weekday and month demand, each followed by a coin with the
 * member's lapse probability (BG/NBD's dropout), and a few returns.
 */
export function simulatePurchases(plan: ProgramPlan, member: MemberTraits, random: Random): PurchaseHistory {
  const { calendar } = plan;
  const { seasonality } = member.group;
  const sales: GeneratedTransaction[] = [];
  const firstAt = member.firstSaleAtMs;
  if (firstAt >= calendar.endMs) return { transactions: [], lapsedAtMs: null };
  sales.push(makeSale(plan, member, random, member.firstChannel, member.joinStore, member.joinDay, firstAt));

  const envelopePerDay = (member.ratePerYear / 365.25) * seasonality.peak;
  let lapsed = false;
  let position = (member.joinedAtMs - calendar.startMs) / DAY_MS;
  for (;;) {
    position += random.exponential(envelopePerDay);
    if (position >= calendar.days) break;
    const day = Math.floor(position);
    const demand = (seasonality.weekday[calendar.weekday[day] ?? 0] ?? 1) * (seasonality.month[calendar.month[day] ?? 0] ?? 1);
    if (!random.chance(demand / seasonality.peak)) continue;
    const channel = PURCHASE_CHANNELS[random.weightedIndex(member.channelMix)] ?? "pos";
    const store = channel !== "pos" ? plan.online : random.chance(AWAY_FROM_HOME) ? plan.homeStores.sample(random) : member.homeStore;
    const saleDay = channel === "pos" ? openDay(plan, store, day) : day;
    const offsets = channel === "pos" ? store.offsets : member.homeStore.offsets;
    const at = calendar.localToUtcMs(offsets, saleDay, secondOfDay(random, channel === "pos" ? plan.posHours : plan.onlineHours));
    if (at >= calendar.endMs || at <= firstAt) continue;
    sales.push(makeSale(plan, member, random, channel, store, saleDay, at));
    if (random.chance(member.lapseProbability)) {
      lapsed = true;
      break;
    }
  }

  orderSales(member, sales);
  const lapsedAtMs = lapsed ? (sales[sales.length - 1]?.occurredAtMs ?? null) : null;
  const transactions = [...sales];
  sales.forEach((sale, index) => {
    if (!random.chance(RETURN_RATE[sale.channel])) return;
    const at = sale.occurredAtMs + Math.round((1 + random.exponential(1 / 6)) * DAY_MS);
    if (at < calendar.endMs) transactions.push(makeReturn(random, sale, index, at));
  });
  return { transactions, lapsedAtMs };
}

/**
 * Puts a member's sales in time order (the process draws the day in order but the time of day afresh),
 * one second apart at least so that "previous sale" is never a tie, then numbers them and links each to
 * the previous two.
 */
function orderSales(member: MemberTraits, sales: GeneratedTransaction[]): void {
  sales.sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  sales.forEach((sale, i) => {
    const previous = sales[i - 1];
    if (previous && sale.occurredAtMs <= previous.occurredAtMs) sale.occurredAtMs = previous.occurredAtMs + 1000;
    sale.externalId = `${member.externalId}-${String(i + 1).padStart(4, "0")}`;
    sale.prevSaleAtMs = previous?.occurredAtMs ?? null;
    sale.prev2SaleAtMs = sales[i - 2]?.occurredAtMs ?? null;
  });
}

function makeSale(
  plan: ProgramPlan,
  member: MemberTraits,
  random: Random,
  channel: PurchaseChannel,
  store: PlannedStore,
  day: number,
  at: number,
): GeneratedTransaction {
  const { catalog } = plan;
  const { profile } = member.group;
  const monthDemand = catalog.monthDemand[plan.calendar.month[day] ?? 0] ?? [];
  const weights = member.taste.map((t, i) => t * (monthDemand[i] ?? 1));
  const lineCount = Math.min(6, 1 + random.poisson(profile.meanLines - 1));
  const discountChance = 0.02 + 0.7 * member.priceSensitivity * member.priceSensitivity;
  const lines: GeneratedLine[] = [];
  let total = 0;
  let discount = 0;
  let items = 0;
  for (let lineNo = 1; lineNo <= lineCount; lineNo++) {
    const product = pickProduct(catalog, member, random.weightedIndex(weights), random.uniform());
    const quantity = random.chance(profile.multiQuantity) ? (random.chance(0.75) ? 2 : 3) : 1;
    const gross = product.priceMinor * quantity;
    const off = random.chance(discountChance)
      ? Math.round((gross * (DISCOUNT_PERCENTS[random.weightedIndex(DISCOUNT_WEIGHTS)] ?? 10)) / 100)
      : 0;
    lines.push({ lineNo, productId: product.id, sku: product.sku, categoryId: product.categoryId, quantity, amountMinor: gross - off, discountMinor: off });
    total += gross - off;
    discount += off;
    items += quantity;
  }
  return {
    memberId: member.id,
    storeId: store.id,
    channel,
    kind: "sale",
    originalIndex: null,
    occurredAtMs: at,
    prevSaleAtMs: null,
    prev2SaleAtMs: null,
    totalMinor: total,
    discountMinor: discount,
    itemCount: items,
    source: channel === "pos" ? `pos:${store.dbCode}` : channel,
    // Numbered once the member's sales are in time order.
    externalId: "",
    lines,
  };
}

/**
 * One uniform draw picks the product: below STYLE_LOYALTY it falls in the member's favourite style of the
 * category, above it in the whole shelf (the same one draw as before styles existed, so the random stream
 * is unchanged).
 */
function pickProduct(catalog: Catalog, member: MemberTraits, category: number, u: number): ProductRow {
  const table =
    u < STYLE_LOYALTY ? catalog.styleShelves[category]?.[member.styles[category] ?? 0] : catalog.shelves[category];
  if (!table) throw new Error("empty catalog shelf");
  return table.at(u < STYLE_LOYALTY ? u / STYLE_LOYALTY : (u - STYLE_LOYALTY) / (1 - STYLE_LOYALTY));
}

/** Returns part of a sale (at least one line, whole lines): every amount negated, at the same store and channel. */
function makeReturn(random: Random, sale: GeneratedTransaction, saleIndex: number, at: number): GeneratedTransaction {
  const kept = sale.lines.filter(() => random.chance(0.6));
  const returned = kept.length > 0 ? kept : [sale.lines[random.int(0, sale.lines.length - 1)] as GeneratedLine];
  const lines = returned.map((line, i) => ({
    ...line,
    lineNo: i + 1,
    quantity: -line.quantity,
    amountMinor: -line.amountMinor,
    discountMinor: -line.discountMinor,
  }));
  return {
    ...sale,
    kind: "return",
    originalIndex: saleIndex,
    occurredAtMs: at,
    prevSaleAtMs: null,
    prev2SaleAtMs: null,
    totalMinor: lines.reduce((s, l) => s + l.amountMinor, 0),
    discountMinor: lines.reduce((s, l) => s + l.discountMinor, 0),
    itemCount: lines.reduce((s, l) => s + l.quantity, 0),
    externalId: `${sale.externalId}-R`,
    lines,
  };
}
