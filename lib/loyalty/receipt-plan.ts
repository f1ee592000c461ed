import type { ProgramConfig } from "@/db/queries/loyalty/config";
import type { Currency, SalesChannel } from "@/db/schema/enums";
import { evaluateBasket, type BasketEarning, type CapDelta, type CapUsage, type EarningMember } from "./earning-rules";
import { availableAt, expiresAt } from "./lots";
import type { LineRuleShare, PointsBoost } from "./rule-types";
import type { NormalizedReceipt } from "./schemas";
import { upgradeTarget } from "./tiers";

/**
 * Turns validated receipts into the rows one write statement inserts (db/queries/loyalty/receipts.ts):
 * pure, so a batch of receipts is evaluated in memory, member by member in input order, and written in
 * one round trip.
 */

export interface StoreRef {
  id: string;
  code: string;
  kind: "physical" | "online";
  currency: Currency;
}

/** A member's points state inside one batch, read after the member's lock and advanced receipt by receipt. */
export interface MemberLedgerState {
  id: string;
  externalId: string | null;
  birthMonth: number | null;
  tierId: string | null;
  hasSale: boolean;
  /** The member's two latest sale times, newest first (fills a new receipt's sale links). */
  lastSales: Date[];
  available: number;
  pending: number;
  debt: number;
  /** Qualifying amounts over the tier window (as of now). */
  window: { points: number; spend: number };
  usage: CapUsage;
  boosts: PointsBoost[];
  delta: { available: number; pending: number; debt: number; earned: number };
  tierChanged: boolean;
  touched: boolean;
}

export interface PlannedLot {
  amount: number;
  remaining: number;
  status: "pending" | "available";
  availableAt: Date;
  expiresAt: Date | null;
}

export interface PlannedReceipt {
  k: number;
  points: number;
  lines: { lineNo: number; points: number; shares: LineRuleShare[] }[];
  bonuses: LineRuleShare[];
  lot: PlannedLot | null;
  tier: { fromTierId: string | null; toTierId: string } | null;
  /** The member's balance right after this receipt. */
  balance: { available: number; pending: number } | null;
  /** Null for an anonymous receipt. */
  earning: BasketEarning | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * The sale links (migration 0005) of a member's new sale, and the member's latest sales advanced past it. A
 * sale at or after the member's latest one follows it (ties go by id, and the new row's id is the largest):
 * its links are `final`. An earlier one is left for the sale-links trigger, which relinks it and the sales
 * after it.
 */
export function saleLinks(member: Pick<MemberLedgerState, "lastSales">, at: Date): { prev: Date | null; prev2: Date | null; final: boolean } {
  const [latest, before] = member.lastSales;
  const final = latest === undefined || at >= latest;
  const links = final ? { prev: latest ?? null, prev2: before ?? null, final } : { prev: null, prev2: null, final };
  member.lastSales = [...member.lastSales, at].sort((a, b) => b.getTime() - a.getTime()).slice(0, 2);
  return links;
}

export class ReceiptBatchPlan {
  private readonly receipts: object[] = [];
  private readonly lines: object[] = [];
  private readonly lots: object[] = [];
  private readonly entries: object[] = [];
  private readonly settlements: object[] = [];
  private readonly progress = new Map<string, { member_id: string; month: string; points: number; spend: number }>();
  private readonly usage = new Map<string, { member_id: string; rule_id: string; period: string; start: string; points: number }>();
  private readonly tierHistory: object[] = [];
  private readonly members = new Set<MemberLedgerState>();

  constructor(
    private readonly config: ProgramConfig,
    private readonly now: Date,
    /** First month of the tier window as of now. */
    private readonly windowStart: string,
  ) {}

  /**
   * Members with a receipt whose sale links are not final (it came before the member's latest sale): the
   * write tells the sale-links trigger to relink only these (migration 0029).
   */
  private readonly relink = new Set<string>();

  get size(): number {
    return this.receipts.length;
  }

  add(k: number, receipt: NormalizedReceipt, store: StoreRef, channel: SalesChannel, member: MemberLedgerState | null): PlannedReceipt {
    const totalMinor = receipt.lines.reduce((sum, line) => sum + line.amountMinor, 0);
    const links = member ? saleLinks(member, receipt.occurredAt) : { prev: null, prev2: null, final: true };
    if (member && !links.final) this.relink.add(member.id);
    this.receipts.push({
      k,
      member_id: member?.id ?? null,
      store_id: store.id,
      channel,
      occurred_at: receipt.occurredAt.toISOString(),
      currency: receipt.currency,
      total_minor: totalMinor,
      discount_minor: receipt.lines.reduce((sum, line) => sum + line.discountMinor, 0),
      item_count: receipt.lines.reduce((sum, line) => sum + line.quantity, 0),
      external_id: receipt.externalId,
      prev_sale_at: iso(links.prev),
      prev2_sale_at: iso(links.prev2),
    });
    for (const line of receipt.lines) {
      this.lines.push({ k, line_no: line.lineNo, sku: line.sku, category: line.category, quantity: line.quantity, amount_minor: line.amountMinor, discount_minor: line.discountMinor });
    }
    if (!member) return { k, points: 0, lines: receipt.lines.map((l) => ({ lineNo: l.lineNo, points: 0, shares: [] })), bonuses: [], lot: null, tier: null, balance: null, earning: null };
    const basket = { currency: receipt.currency, channel, storeId: store.id, occurredAt: receipt.occurredAt, lines: receipt.lines };
    const earningMember: EarningMember = { tierId: member.tierId, birthMonth: member.birthMonth, firstPurchase: !member.hasSale, boosts: member.boosts };
    const earning = evaluateBasket(basket, earningMember, this.config, member.usage);
    const planned: PlannedReceipt = {
      k,
      points: earning.points,
      lines: earning.lines.map((l) => ({ lineNo: l.lineNo, points: l.points, shares: l.shares })),
      bonuses: earning.bonuses,
      lot: null,
      tier: null,
      balance: null,
      earning,
    };

    member.touched = true;
    member.hasSale = true;
    this.members.add(member);
    this.recordUsage(member, earning.capDeltas);
    if (earning.points > 0) planned.lot = this.addLot(k, member, receipt.occurredAt, earning);
    member.delta.earned += earning.points;

    const spend = receipt.currency === this.config.currency ? totalMinor : 0;
    const progressKey = `${member.id}|${earning.local.month}`;
    const row = this.progress.get(progressKey) ?? { member_id: member.id, month: earning.local.month, points: 0, spend: 0 };
    row.points += earning.points;
    row.spend += spend;
    this.progress.set(progressKey, row);
    if (earning.local.month >= this.windowStart) {
      member.window.points += earning.points;
      member.window.spend += spend;
      planned.tier = this.upgrade(member);
    }
    planned.balance = { available: member.available, pending: member.pending };
    return planned;
  }

  private addLot(k: number, member: MemberLedgerState, earnedAt: Date, earning: BasketEarning): PlannedLot {
    const amount = earning.points;
    const availableFrom = availableAt(earnedAt, this.config);
    const status = availableFrom <= this.now ? "available" : "pending";
    // Points owed after an earlier return are paid back from the first points that can be spent.
    const settle = status === "available" ? Math.min(member.debt, amount) : 0;
    const lot: PlannedLot = { amount, remaining: amount - settle, status, availableAt: availableFrom, expiresAt: expiresAt(earnedAt, this.config) };
    this.lots.push({ k, member_id: member.id, amount, remaining: lot.remaining, status, available_at: iso(lot.availableAt), expires_at: iso(lot.expiresAt) });
    if (settle > 0) this.settlements.push({ k, points: settle });
    for (const line of earning.lines) {
      if (line.points > 0) this.entries.push({ k, member_id: member.id, line_no: line.lineNo, points: line.points, rules: line.shares });
    }
    for (const share of earning.bonuses) this.entries.push({ k, member_id: member.id, line_no: null, points: share.points, rules: [share] });
    if (status === "available") {
      member.available += amount;
      member.debt -= settle;
      member.delta.available += amount;
      member.delta.debt -= settle;
    } else {
      member.pending += amount;
      member.delta.pending += amount;
    }
    return lot;
  }

  private recordUsage(member: MemberLedgerState, deltas: readonly CapDelta[]): void {
    for (const d of deltas) {
      const key = `${member.id}|${d.ruleId}|${d.period}|${d.periodStart}`;
      const row = this.usage.get(key) ?? { member_id: member.id, rule_id: d.ruleId, period: d.period, start: d.periodStart, points: 0 };
      row.points += d.points;
      this.usage.set(key, row);
    }
  }

  private upgrade(member: MemberLedgerState): PlannedReceipt["tier"] {
    const amount = this.config.tierBasis === "points" ? member.window.points : member.window.spend;
    const target = upgradeTarget(this.config.tiers, member.tierId, amount);
    if (!target) return null;
    const change = { fromTierId: member.tierId, toTierId: target.id };
    this.tierHistory.push({ member_id: member.id, from_tier_id: member.tierId, to_tier_id: target.id, amount });
    member.tierId = target.id;
    member.tierChanged = true;
    return change;
  }

  /** The JSON document the write statement reads with jsonb_to_recordset. */
  payload(): object {
    return { receipts: this.receipts, lines: this.lines, relink: `{${[...this.relink].join(",")}}`, ...this.pointsPayload() };
  }

  /** The document for receipts already stored (writeAwards): their ids by key, instead of receipts and lines. */
  awardPayload(existing: readonly { k: number; id: number }[]): object {
    return { existing, ...this.pointsPayload() };
  }

  private pointsPayload(): object {
    const balances = [...this.members].map((m) => ({
      member_id: m.id,
      available: m.delta.available,
      pending: m.delta.pending,
      debt: m.delta.debt,
      earned: m.delta.earned,
      tier_id: m.tierChanged ? m.tierId : null,
    }));
    return {
      lots: this.lots,
      entries: this.entries,
      settlements: this.settlements,
      balances,
      progress: [...this.progress.values()],
      usage: [...this.usage.values()],
      tier_history: this.tierHistory,
    };
  }
}
