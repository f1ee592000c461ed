import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { intOrText, isoToZoned, textOrUndefined, zonedToIso, type Converted } from "./form-values";
import { decimalToMinor, minorToDecimal } from "./money";
import type { RewardInput } from "./reward-schemas";
import type { RewardView } from "@/db/queries/loyalty/rewards";
import type { RewardKind } from "./reward-types";

/**
 * The reward form's values (text, as a form holds them) and their conversion to and from the service's
 * input. Money is an amount in currency units; dates are the program's wall clock. Errors are keyed by the
 * service's field paths (`value.amountMinor`, `costMinor`), which the form uses as its field names.
 */
export interface RewardFormValues {
  name: string;
  description: string;
  kind: string;
  amountOff: string;
  amountCurrency: string;
  percent: string;
  sku: string;
  category: string;
  factor: string;
  days: string;
  eventName: string;
  eventAt: string;
  location: string;
  pointsPrice: string;
  cost: string;
  costCurrency: string;
  /** Blank: unlimited. */
  stock: string;
  validFrom: string;
  validTo: string;
  voucherDays: string;
  eligibleTierIds: string[];
  usesCodePool: boolean;
  active: boolean;
}

const text = (max = 200) => z.string().max(max).default("");

/** What the reward actions accept: the form's values, bounded in size; the service checks their meaning. */
export const rewardFormInput = z.object({
  name: text(),
  description: text(2000),
  kind: text(40),
  amountOff: text(40),
  amountCurrency: text(3),
  percent: text(20),
  sku: text(),
  category: text(),
  factor: text(40),
  days: text(20),
  eventName: text(),
  eventAt: text(40),
  location: text(),
  pointsPrice: text(40),
  cost: text(40),
  costCurrency: text(3),
  stock: text(40),
  validFrom: text(40),
  validTo: text(40),
  voucherDays: text(40),
  eligibleTierIds: z.array(z.string().max(100)).max(100).default([]),
  usesCodePool: z.boolean().default(false),
  active: z.boolean().default(true),
});

/** The values of a reward form as submitted (checkboxes: present when ticked). */
export function readRewardForm(data: FormData): RewardFormValues {
  const one = (name: string) => String(data.get(name) ?? "");
  return {
    name: one("name"),
    description: one("description"),
    kind: one("kind"),
    amountOff: one("amountOff"),
    amountCurrency: one("amountCurrency"),
    percent: one("percent"),
    sku: one("sku"),
    category: one("category"),
    factor: one("factor"),
    days: one("days"),
    eventName: one("eventName"),
    eventAt: one("eventAt"),
    location: one("location"),
    pointsPrice: one("pointsPrice"),
    cost: one("cost"),
    costCurrency: one("costCurrency"),
    stock: one("stock"),
    validFrom: one("validFrom"),
    validTo: one("validTo"),
    voucherDays: one("voucherDays"),
    eligibleTierIds: data.getAll("eligibleTierIds").map(String),
    usesCodePool: data.get("usesCodePool") !== null,
    active: data.get("active") !== null,
  };
}

export const REWARD_KINDS: readonly RewardKind[] = ["amount_off", "percent_off", "free_product", "bogo", "points_multiplier", "event_invitation"];

export function emptyRewardForm(currency: string): RewardFormValues {
  return {
    name: "",
    description: "",
    kind: "amount_off",
    amountOff: "",
    amountCurrency: currency,
    percent: "",
    sku: "",
    category: "",
    factor: "",
    days: "",
    eventName: "",
    eventAt: "",
    location: "",
    pointsPrice: "",
    cost: "",
    costCurrency: currency,
    stock: "",
    validFrom: "",
    validTo: "",
    voucherDays: "",
    eligibleTierIds: [],
    usesCodePool: false,
    active: true,
  };
}

function money(text: string, currency: string, field: string, errors: FieldErrors): number | string | undefined {
  if (text.trim() === "") return undefined;
  const parsed = decimalToMinor(text, currency);
  if (!parsed.ok) {
    errors[field] = [parsed.message];
    return undefined;
  }
  return parsed.minor;
}

function rewardValue(values: RewardFormValues, timeZone: string, errors: FieldErrors): Record<string, unknown> {
  switch (values.kind) {
    case "amount_off":
      return { kind: values.kind, amountMinor: money(values.amountOff, values.amountCurrency, "value.amountMinor", errors), currency: values.amountCurrency };
    case "percent_off":
      return { kind: values.kind, percent: intOrText(values.percent) };
    case "free_product":
      return { kind: values.kind, sku: values.sku.trim() };
    case "bogo":
      return { kind: values.kind, sku: textOrUndefined(values.sku), category: textOrUndefined(values.category) };
    case "points_multiplier":
      return { kind: values.kind, factor: values.factor.trim(), days: intOrText(values.days) };
    case "event_invitation": {
      let eventAt: string | undefined;
      if (values.eventAt.trim() !== "") {
        eventAt = zonedToIso(values.eventAt, timeZone) ?? undefined;
        if (eventAt === undefined) errors["value.eventAt"] = ["must be a date and time"];
      }
      return { kind: values.kind, eventName: values.eventName.trim(), eventAt, location: textOrUndefined(values.location) };
    }
    default:
      return { kind: values.kind };
  }
}

export function rewardFromForm(values: RewardFormValues, program: { timeZone: string }): Converted<RewardInput> {
  const errors: FieldErrors = {};
  const instant = (field: "validFrom" | "validTo") => {
    if (values[field].trim() === "") return null;
    const iso = zonedToIso(values[field], program.timeZone);
    if (iso === null) errors[field] = ["must be a date and time"];
    return iso;
  };
  const value = Object.fromEntries(Object.entries(rewardValue(values, program.timeZone, errors)).filter(([, v]) => v !== undefined));
  const reward = {
    name: values.name.trim(),
    description: textOrUndefined(values.description),
    value,
    pointsPrice: intOrText(values.pointsPrice),
    costMinor: money(values.cost, values.costCurrency, "costMinor", errors),
    costCurrency: values.costCurrency,
    stock: intOrText(values.stock) ?? null,
    validFrom: instant("validFrom"),
    validTo: instant("validTo"),
    voucherDays: intOrText(values.voucherDays) ?? null,
    eligibleTierIds: [...values.eligibleTierIds],
    usesCodePool: values.usesCodePool,
    active: values.active,
  };
  return { value: reward as RewardInput, fieldErrors: errors };
}

/** A saved reward as the form reads it. */
export type SavedReward = Pick<
  RewardView,
  "name" | "description" | "value" | "pointsPrice" | "costMinor" | "costCurrency" | "stock" | "validFrom" | "validTo" | "voucherDays" | "eligibleTierIds" | "usesCodePool" | "active"
>;

export function rewardToForm(reward: SavedReward, program: { timeZone: string; currency: string }): RewardFormValues {
  const v = reward.value;
  const zoned = (at: Date | null) => (at ? isoToZoned(at, program.timeZone) : "");
  return {
    ...emptyRewardForm(program.currency),
    name: reward.name,
    description: reward.description ?? "",
    kind: v.kind,
    amountOff: v.kind === "amount_off" ? minorToDecimal(v.amountMinor, v.currency) : "",
    amountCurrency: v.kind === "amount_off" ? v.currency : program.currency,
    percent: v.kind === "percent_off" ? String(v.percent) : "",
    sku: v.kind === "free_product" || v.kind === "bogo" ? (v.sku ?? "") : "",
    category: v.kind === "bogo" ? (v.category ?? "") : "",
    factor: v.kind === "points_multiplier" ? v.factor : "",
    days: v.kind === "points_multiplier" ? String(v.days) : "",
    eventName: v.kind === "event_invitation" ? v.eventName : "",
    eventAt: v.kind === "event_invitation" && v.eventAt ? zoned(new Date(v.eventAt)) : "",
    location: v.kind === "event_invitation" ? (v.location ?? "") : "",
    pointsPrice: String(reward.pointsPrice),
    cost: minorToDecimal(reward.costMinor, reward.costCurrency),
    costCurrency: reward.costCurrency,
    stock: reward.stock === null ? "" : String(reward.stock),
    validFrom: zoned(reward.validFrom),
    validTo: zoned(reward.validTo),
    voucherDays: reward.voucherDays === null ? "" : String(reward.voucherDays),
    eligibleTierIds: [...reward.eligibleTierIds],
    usesCodePool: reward.usesCodePool,
    active: reward.active,
  };
}
