import type { Currency } from "@/db/schema/enums";
import { CapBook, cappedPeriods, type CapPeriod, type CapUsage } from "./caps";
import type { Basket, BasketEarning, BasketLine, EarningMember, EarningSetup, EvaluateOptions, EventEarning, Explanation, LineEarning, SkipReason } from "./earning-types";
import { explanationText } from "./explain";
import { localMoment, type LocalMoment } from "./local-time";
import { baseFraction, extraPoints, floorFraction, parseScaled, type PointsFraction } from "./money";
import { basketFailure, byPriority, lineFailure, momentFailure } from "./rule-conditions";
import type { EarningRule, EventBonusTrigger, LineRuleShare } from "./rule-types";

export * from "./earning-types";
export { capKey, type CapDelta, type CapPeriod, type CapUsage } from "./caps";

/**
 * The earning rules engine: pure, so the dry run and the ledger compute points with the same code.
 *
 * Per line: the highest-priority matching base rate gives floor(amount × rate) points; every matching
 * multiplier adds floor(amount × rate × (factor − 1)) — `stack` rules all apply, of the `best_of` rules only
 * the one adding most; the member's tier and active points boosts add the same way. Basket bonuses (every
 * basket, first purchase, birthday month) add fixed points once per receipt. Caps per member and day or
 * month cut a rule's points in line order.
 */

interface Collector {
  shares: LineRuleShare[];
  explanations: Explanation[];
  points: number;
}

function ruleExplanation(rule: EarningRule, fields: Partial<Explanation> & { points: number; applied: boolean }, currency: Currency | undefined, amountMinor?: number): Explanation {
  const explanation: Explanation = { kind: rule.kind, ruleId: rule.ruleId, version: rule.version, name: rule.name, ...fields, text: "" };
  if (rule.rate !== null && rule.kind === "base_rate") explanation.rate = rule.rate;
  if (rule.factor !== null && rule.kind === "multiplier") explanation.factor = rule.factor;
  explanation.text = explanationText(explanation, currency, amountMinor);
  return explanation;
}

/** Gives a rule's points (after caps) to the collector, with its explanation. */
function award(out: Collector, caps: CapBook, rule: EarningRule, points: number, currency: Currency | undefined, amountMinor: number | undefined, options: EvaluateOptions, extraPeriods: readonly CapPeriod[] = []): void {
  const { points: allowed, cut } = caps.allow(rule, points);
  caps.record(rule, allowed, extraPeriods.length > 0 ? [...cappedPeriods(rule), ...extraPeriods] : cappedPeriods(rule));
  if (allowed > 0) {
    out.shares.push({ kind: rule.kind, ruleId: rule.ruleId, version: rule.version, points: allowed });
    out.points += allowed;
  }
  if (!options.explain) return;
  const capFields = cut ? { uncappedPoints: points, reason: cut } : {};
  out.explanations.push(ruleExplanation(rule, { points: allowed, applied: allowed > 0 || cut === null, ...capFields }, currency, amountMinor));
}

function skip(out: Collector, rule: EarningRule, reason: SkipReason, currency: Currency, options: EvaluateOptions): void {
  if (options.explainSkipped) out.explanations.push(ruleExplanation(rule, { points: 0, applied: false, reason }, currency));
}

function evaluateLine(
  line: BasketLine,
  basket: Basket,
  member: EarningMember,
  setup: EarningSetup,
  failures: Map<EarningRule, SkipReason | null>,
  caps: CapBook,
  options: EvaluateOptions,
): LineEarning {
  const out: Collector = { shares: [], explanations: [], points: 0 };
  const { currency } = basket;
  const matching = (kind: EarningRule["kind"]) =>
    setup.rules.filter((rule) => {
      if (rule.kind !== kind) return false;
      const reason = failures.get(rule) ?? lineFailure(rule, line);
      if (reason) skip(out, rule, reason, currency, options);
      return reason === null;
    });

  const [base, ...superseded] = matching("base_rate");
  for (const rule of superseded) skip(out, rule, "superseded", currency, options);
  const rate = base?.rate ? parseScaled(base.rate) : null;
  const fraction: PointsFraction | null = base && rate !== null ? baseFraction(line.amountMinor, rate, currency) : null;
  if (base && fraction) award(out, caps, base, floorFraction(fraction), currency, line.amountMinor, options);

  const multipliers = matching("multiplier");
  if (!fraction) {
    for (const rule of multipliers) skip(out, rule, "no_base_points", currency, options);
  } else {
    const extra = (rule: EarningRule) => extraPoints(fraction, parseScaled(rule.factor ?? "1") ?? 0n);
    const bestOf = multipliers.filter((r) => r.combine === "best_of");
    const winner = bestOf.reduce<EarningRule | null>((best, rule) => (best === null || extra(rule) > extra(best) ? rule : best), null);
    for (const rule of multipliers) {
      if (rule.combine === "best_of" && rule !== winner) skip(out, rule, "best_of", currency, options);
      else award(out, caps, rule, extra(rule), currency, line.amountMinor, options);
    }
    const tier = setup.tiers.find((t) => t.id === member.tierId);
    const tierFactor = tier ? parseScaled(tier.earningFactor) : null;
    const tierExtra = tierFactor === null ? 0 : extraPoints(fraction, tierFactor);
    if (tier && tierExtra > 0) {
      out.shares.push({ kind: "tier", tierId: tier.id, points: tierExtra });
      out.points += tierExtra;
      if (options.explain) {
        const explanation: Explanation = { kind: "tier", tierId: tier.id, name: tier.name, factor: tier.earningFactor, points: tierExtra, applied: true, text: "" };
        out.explanations.push({ ...explanation, text: explanationText(explanation, currency, line.amountMinor) });
      }
    }
    for (const boost of member.boosts) {
      if (basket.occurredAt < boost.from || basket.occurredAt >= boost.until) continue;
      const boostExtra = extraPoints(fraction, parseScaled(boost.factor) ?? 0n);
      if (boostExtra <= 0) continue;
      out.shares.push({ kind: "boost", redemptionId: boost.redemptionId, points: boostExtra });
      out.points += boostExtra;
      if (!options.explain) continue;
      const explanation: Explanation = { kind: "boost", redemptionId: boost.redemptionId, factor: boost.factor, points: boostExtra, applied: true, text: "" };
      out.explanations.push({ ...explanation, text: explanationText(explanation, currency, line.amountMinor) });
    }
  }
  if (!base && options.explain) {
    const none: Explanation = { kind: "base_rate", points: 0, applied: false, text: "" };
    out.explanations.unshift({ ...none, text: explanationText(none, currency, line.amountMinor) });
  }
  return { lineNo: line.lineNo, amountMinor: line.amountMinor, points: out.points, shares: out.shares, explanations: out.explanations };
}

function evaluateBonuses(basket: Basket, member: EarningMember, setup: EarningSetup, failures: Map<EarningRule, SkipReason | null>, caps: CapBook, local: LocalMoment, options: EvaluateOptions): Collector {
  const out: Collector = { shares: [], explanations: [], points: 0 };
  const candidates = setup.rules.filter((rule) => {
    if (rule.kind !== "bonus" || rule.trigger === null || !["basket", "first_purchase", "birthday_month"].includes(rule.trigger)) return false;
    let reason = failures.get(rule) ?? null;
    if (!reason && (rule.conditions.categories?.length || rule.conditions.skus?.length)) {
      const failuresByLine = basket.lines.map((line) => lineFailure(rule, line));
      if (!failuresByLine.includes(null)) reason = failuresByLine[0] ?? "category";
    }
    if (!reason && rule.trigger === "first_purchase" && !member.firstPurchase) reason = "not_first_purchase";
    if (!reason && rule.trigger === "birthday_month" && member.birthMonth !== local.monthNumber) reason = "not_birthday_month";
    if (!reason && rule.trigger === "birthday_month" && caps.used(rule.ruleId, "year") > 0) reason = "once_a_year";
    if (reason) skip(out, rule, reason, basket.currency, options);
    return reason === null;
  });
  const bestOf = candidates.filter((r) => r.combine === "best_of");
  const winner = bestOf.reduce<EarningRule | null>((best, rule) => (best === null || (rule.points ?? 0) > (best.points ?? 0) ? rule : best), null);
  for (const rule of candidates) {
    if (rule.combine === "best_of" && rule !== winner) skip(out, rule, "best_of", basket.currency, options);
    else award(out, caps, rule, rule.points ?? 0, basket.currency, undefined, options, rule.trigger === "birthday_month" ? ["year"] : []);
  }
  return out;
}

/** What a basket earns, line by line and rule by rule. `usage` is read and updated (several baskets of one member in a batch). */
export function evaluateBasket(basket: Basket, member: EarningMember, setup: EarningSetup, usage: CapUsage, options: EvaluateOptions = {}): BasketEarning {
  const local = localMoment(basket.occurredAt, setup.timeZone);
  const total = basket.lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const rules = setup.rules.filter((rule) => rule.active).sort(byPriority);
  const failures = new Map(rules.map((rule) => [rule, basketFailure(rule, basket, member, local, total)] as const));
  const caps = new CapBook(usage, local);
  const active = { ...setup, rules };
  const lines = [...basket.lines].sort((a, b) => a.lineNo - b.lineNo).map((line) => evaluateLine(line, basket, member, active, failures, caps, options));
  const bonus = evaluateBonuses(basket, member, active, failures, caps, local, options);
  return {
    lines,
    bonuses: bonus.shares,
    bonusExplanations: bonus.explanations,
    points: lines.reduce((sum, line) => sum + line.points, 0) + bonus.points,
    capDeltas: [...caps.deltas.values()],
    local,
  };
}

/** Bonus points for an engagement event (a review, a social share, the app sign-up). */
export function evaluateEventBonus(trigger: EventBonusTrigger, occurredAt: Date, member: EarningMember, setup: EarningSetup, usage: CapUsage): EventEarning {
  const local = localMoment(occurredAt, setup.timeZone);
  const caps = new CapBook(usage, local);
  const out: Collector = { shares: [], explanations: [], points: 0 };
  const candidates = setup.rules
    .filter((rule) => rule.active && rule.kind === "bonus" && rule.trigger === trigger)
    .filter((rule) => !(rule.startsAt && occurredAt < rule.startsAt) && !(rule.endsAt && occurredAt >= rule.endsAt))
    .filter((rule) => momentFailure(rule, member, local) === null)
    .sort(byPriority);
  const winner = candidates.filter((r) => r.combine === "best_of").reduce<EarningRule | null>((best, rule) => (best === null || (rule.points ?? 0) > (best.points ?? 0) ? rule : best), null);
  for (const rule of candidates) {
    if (rule.combine === "best_of" && rule !== winner) continue;
    award(out, caps, rule, rule.points ?? 0, undefined, undefined, { explain: true });
  }
  return { points: out.points, shares: out.shares, explanations: out.explanations, capDeltas: [...caps.deltas.values()], local };
}
