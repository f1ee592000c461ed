/**
 * Tests only: a plain TypeScript reading of the rule language (lib/segments/rule.ts) over in-memory members,
 * written from the documented meaning and not from the compiler, so that the property test can check the
 * compiled SQL against it. Covers the fields the tests generate.
 */
import type { RuleNode } from "@/lib/segments/rule";

const DAY = 86_400_000;

export interface ReferenceMember {
  id: string;
  purchases: number;
  netSpendMinor: number;
  avgBasketMinor: number | null;
  shareOnline: number | null;
  lastPurchaseAt: Date | null;
  city: string | null;
  hasEmail: boolean;
  churnRisk: number | null;
  homeStoreId: string | null;
}

type Value = number | string | boolean | Date | null;

function fieldValue(m: ReferenceMember, field: string, now: Date): Value {
  switch (field) {
    case "purchases":
      return m.purchases;
    case "net_spend":
      return m.netSpendMinor;
    case "avg_basket":
      return m.avgBasketMinor;
    case "share_online":
      return m.shareOnline;
    case "recency_days":
      return m.lastPurchaseAt === null ? null : Math.floor((now.getTime() - m.lastPurchaseAt.getTime()) / DAY);
    case "last_purchase_at":
      return m.lastPurchaseAt;
    case "city":
      return m.city;
    case "has_email":
      return m.hasEmail;
    case "churn_risk":
      return m.churnRisk;
    case "home_store":
      return m.homeStoreId;
    default:
      throw new Error(`reference: no field ${field}`);
  }
}

function compare(v: Value, op: string, target: unknown, now: Date): boolean {
  if (op === "is_null") return v === null;
  if (op === "is_not_null") return v !== null;
  // A condition about a missing value is false.
  if (v === null) return false;
  if (op === "is_true") return v === true;
  if (op === "is_false") return v === false;
  if (v instanceof Date) {
    if (op === "within_last") return v.getTime() >= now.getTime() - (target as number) * DAY;
    throw new Error(`reference: no date op ${op}`);
  }
  if (typeof v === "string") {
    const t = target as string;
    switch (op) {
      case "eq":
        return v === t;
      case "ne":
        return v !== t;
      case "in":
        return (target as string[]).includes(v);
      case "not_in":
        return !(target as string[]).includes(v);
      case "contains":
        return v.toLowerCase().includes(t.toLowerCase());
      case "starts_with":
        return v.toLowerCase().startsWith(t.toLowerCase());
    }
    throw new Error(`reference: no text op ${op}`);
  }
  const n = v as number;
  switch (op) {
    case "eq":
      return n === target;
    case "ne":
      return n !== target;
    case "gt":
      return n > (target as number);
    case "gte":
      return n >= (target as number);
    case "lt":
      return n < (target as number);
    case "lte":
      return n <= (target as number);
    case "between":
      return n >= (target as [number, number])[0] && n <= (target as [number, number])[1];
  }
  throw new Error(`reference: no number op ${op}`);
}

export function referenceHolds(rule: RuleNode, m: ReferenceMember, now: Date): boolean {
  if ("all" in rule) return rule.all.every((c) => referenceHolds(c, m, now));
  if ("any" in rule) return rule.any.some((c) => referenceHolds(c, m, now));
  if ("not" in rule) return !referenceHolds(rule.not, m, now);
  if ("field" in rule) return compare(fieldValue(m, rule.field, now), rule.op, "value" in rule ? rule.value : undefined, now);
  throw new Error("reference: only field conditions");
}
