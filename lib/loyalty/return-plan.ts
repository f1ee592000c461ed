import { LoyaltyError } from "./errors";
import { proportion } from "./money";
import type { LineRuleShare } from "./rule-types";

/**
 * What a return takes back, pure. Money and points of a partly returned line are the line's share for the
 * units returned so far, minus what earlier returns already took: round(total × units / quantity), so
 * returning a line's units one by one ends exactly at the line's amount and points. Points go back rule by
 * rule (promotion multipliers included), so a line that earned double points gives back double points.
 * Basket bonuses go back when the last unit of the receipt does.
 */

export interface SaleLine {
  lineNo: number;
  sku: string;
  productId: string | null;
  categoryId: string | null;
  quantity: number;
  amountMinor: number;
  discountMinor: number;
}

export interface ReturnedSoFar {
  lineNo: number;
  quantity: number;
  amountMinor: number;
  discountMinor: number;
}

export interface LedgerLineEntry {
  lineNo: number | null;
  points: number;
  rules: LineRuleShare[] | null;
}

export interface PlannedReturnLine extends SaleLine {
  /** Units, money and points going back with this return (all positive). */
  returnQuantity: number;
  returnAmountMinor: number;
  returnDiscountMinor: number;
  points: number;
  /** The reversed shares, points negative. */
  shares: LineRuleShare[];
}

export interface ReturnPlan {
  lines: PlannedReturnLine[];
  /** Basket bonuses reversed (points negative), when this return completes the receipt. */
  bonusShares: LineRuleShare[];
  /** Points taken back, positive. */
  points: number;
  amountMinor: number;
}

const shareKey = (s: LineRuleShare) => `${s.kind}|${s.ruleId ?? s.tierId ?? s.redemptionId ?? ""}|${s.version ?? ""}`;

/** Points per share key, summed over entries (reverse entries carry negative points). */
function sharesByKey(entries: readonly LedgerLineEntry[], lineNo: number | null): Map<string, LineRuleShare> {
  const totals = new Map<string, LineRuleShare>();
  for (const entry of entries) {
    if (entry.lineNo !== lineNo) continue;
    for (const share of entry.rules ?? []) {
      const key = shareKey(share);
      const total = totals.get(key) ?? { ...share, points: 0 };
      total.points += share.points;
      totals.set(key, total);
    }
  }
  return totals;
}

export function planReturn(
  saleLines: readonly SaleLine[],
  returnedSoFar: readonly ReturnedSoFar[],
  earned: readonly LedgerLineEntry[],
  reversed: readonly LedgerLineEntry[],
  requested: readonly { lineNo: number; quantity: number }[] | null,
): ReturnPlan {
  const before = new Map(returnedSoFar.map((r) => [r.lineNo, r]));
  const left = (line: SaleLine) => line.quantity - (before.get(line.lineNo)?.quantity ?? 0);
  const wanted = requested ?? saleLines.filter((line) => left(line) > 0).map((line) => ({ lineNo: line.lineNo, quantity: left(line) }));
  if (wanted.length === 0) throw new LoyaltyError("nothing_to_return", "lines: everything on this receipt was returned already", { lines: ["nothing left to return"] });

  const seen = new Set<number>();
  const lines = wanted.map((want, i): PlannedReturnLine => {
    const line = saleLines.find((l) => l.lineNo === want.lineNo);
    if (!line || seen.has(want.lineNo)) {
      const message = line ? `line ${want.lineNo} appears twice` : `the sale has no line ${want.lineNo}`;
      throw new LoyaltyError("invalid_input", `lines[${i}].lineNo: ${message}`, { [`lines[${i}].lineNo`]: [message] });
    }
    seen.add(want.lineNo);
    if (want.quantity > left(line)) {
      const message = `only ${left(line)} of ${line.quantity} left to return`;
      throw new LoyaltyError("return_exceeds_sale", `lines[${i}].quantity: ${message}`, { [`lines[${i}].quantity`]: [message] });
    }
    const prior = before.get(line.lineNo);
    const priorQty = prior?.quantity ?? 0;
    const units = priorQty + want.quantity;
    const amountAfter = proportion(line.amountMinor, units, line.quantity);
    const discountAfter = proportion(line.discountMinor, units, line.quantity);
    const earnedShares = sharesByKey(earned, line.lineNo);
    const reversedShares = sharesByKey(reversed, line.lineNo);
    const shares: LineRuleShare[] = [];
    for (const [key, share] of earnedShares) {
      const target = proportion(share.points, units, line.quantity);
      const already = -(reversedShares.get(key)?.points ?? 0);
      const take = target - already;
      if (take > 0) shares.push({ ...share, points: -take });
    }
    return {
      ...line,
      returnQuantity: want.quantity,
      returnAmountMinor: amountAfter - (prior?.amountMinor ?? 0),
      returnDiscountMinor: discountAfter - (prior?.discountMinor ?? 0),
      points: -shares.reduce((sum, s) => sum + s.points, 0),
      shares,
    };
  });

  const completes = saleLines.every((line) => left(line) === (lines.find((l) => l.lineNo === line.lineNo)?.returnQuantity ?? 0));
  const bonusShares: LineRuleShare[] = [];
  if (completes) {
    const reversedBonus = sharesByKey(reversed, null);
    for (const [key, share] of sharesByKey(earned, null)) {
      const take = share.points + (reversedBonus.get(key)?.points ?? 0);
      if (take > 0) bonusShares.push({ ...share, points: -take });
    }
  }
  const points = lines.reduce((sum, l) => sum + l.points, 0) - bonusShares.reduce((sum, s) => sum + s.points, 0);
  return { lines, bonusShares, points, amountMinor: lines.reduce((sum, l) => sum + l.returnAmountMinor, 0) };
}
