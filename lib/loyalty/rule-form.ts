import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { intOrText, isoToZoned, textOrUndefined, zonedToIso, type Converted } from "./form-values";
import { decimalToMinor, minorToDecimal } from "./money";
import type { EarningRuleInput } from "./rule-schemas";
import { EVENT_BONUS_TRIGGERS, type EarningRule } from "./rule-types";

/**
 * The earning rule form's values (all text, as a form holds them) and their conversion to and from the
 * service's input. Dates and times are the program's wall clock; the minimum basket is an amount in the
 * program currency. Only the fields of the rule's kind are sent, so a hidden field never makes an error.
 */
export interface RuleFormValues {
  name: string;
  kind: string;
  active: boolean;
  priority: string;
  combine: string;
  rate: string;
  factor: string;
  points: string;
  trigger: string;
  capPerDay: string;
  capPerMonth: string;
  /** "YYYY-MM-DDTHH:MM" in the program's zone, or "". */
  startsAt: string;
  endsAt: string;
  categories: string[];
  /** SKUs separated by commas, spaces or new lines. */
  skus: string;
  channels: string[];
  storeIds: string[];
  tierIds: string[];
  weekdays: string[];
  timeFrom: string;
  timeTo: string;
  /** An amount in the program currency ("25.00"), or "". */
  minBasket: string;
  currencies: string[];
}

const text = (max = 200) => z.string().max(max).default("");
const texts = z.array(z.string().max(200)).max(1000).default([]);

/** What the rule actions accept: the form's values, bounded in size; the service checks their meaning. */
export const ruleFormInput = z.object({
  name: text(),
  kind: text(20),
  active: z.boolean().default(true),
  priority: text(20),
  combine: text(20),
  rate: text(40),
  factor: text(40),
  points: text(40),
  trigger: text(40),
  capPerDay: text(40),
  capPerMonth: text(40),
  startsAt: text(40),
  endsAt: text(40),
  categories: texts,
  skus: text(20_000),
  channels: texts,
  storeIds: texts,
  tierIds: texts,
  weekdays: texts,
  timeFrom: text(10),
  timeTo: text(10),
  minBasket: text(40),
  currencies: texts,
}) satisfies z.ZodType<RuleFormValues, unknown>;

/** The values of a rule form as submitted (fields not shown are blank). */
export function readRuleForm(data: FormData): RuleFormValues {
  const one = (name: string) => String(data.get(name) ?? "");
  const all = (name: string) => data.getAll(name).map(String);
  return {
    name: one("name"),
    kind: one("kind"),
    active: one("active") !== "false",
    priority: one("priority"),
    combine: one("combine"),
    rate: one("rate"),
    factor: one("factor"),
    points: one("points"),
    trigger: one("trigger"),
    capPerDay: one("capPerDay"),
    capPerMonth: one("capPerMonth"),
    startsAt: one("startsAt"),
    endsAt: one("endsAt"),
    categories: all("categories"),
    skus: one("skus"),
    channels: all("channels"),
    storeIds: all("storeIds"),
    tierIds: all("tierIds"),
    weekdays: all("weekdays"),
    timeFrom: one("timeFrom"),
    timeTo: one("timeTo"),
    minBasket: one("minBasket"),
    currencies: all("currencies"),
  };
}

export const EMPTY_RULE_FORM: RuleFormValues = {
  name: "",
  kind: "multiplier",
  active: true,
  priority: "0",
  combine: "stack",
  rate: "",
  factor: "",
  points: "",
  trigger: "basket",
  capPerDay: "",
  capPerMonth: "",
  startsAt: "",
  endsAt: "",
  categories: [],
  skus: "",
  channels: [],
  storeIds: [],
  tierIds: [],
  weekdays: [],
  timeFrom: "",
  timeTo: "",
  minBasket: "",
  currencies: [],
};

export interface ProgramFormContext {
  currency: string;
  timeZone: string;
}

/** Whether a bonus trigger is an engagement event (purchase conditions do not apply to it). */
export function isEventTrigger(trigger: string): boolean {
  return (EVENT_BONUS_TRIGGERS as readonly string[]).includes(trigger);
}

const list = (values: readonly string[]) => (values.length > 0 ? [...values] : undefined);

export function ruleFromForm(values: RuleFormValues, program: ProgramFormContext): Converted<EarningRuleInput> {
  const errors: FieldErrors = {};
  const instant = (field: "startsAt" | "endsAt") => {
    const text = values[field].trim();
    if (text === "") return undefined;
    const iso = zonedToIso(text, program.timeZone);
    if (iso === null) errors[field] = ["must be a date and time"];
    return iso ?? undefined;
  };
  let minBasketMinor: number | undefined;
  if (values.minBasket.trim() !== "") {
    const parsed = decimalToMinor(values.minBasket, program.currency);
    if (!parsed.ok) errors["conditions.minBasketMinor"] = [parsed.message];
    else if (parsed.minor < 0) errors["conditions.minBasketMinor"] = ["must not be negative"];
    else minBasketMinor = parsed.minor;
  }
  const eventBonus = values.kind === "bonus" && isEventTrigger(values.trigger);
  const purchase = <T>(value: T) => (eventBonus ? undefined : value);
  const skus = values.skus
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const conditions = {
    categories: purchase(list(values.categories)),
    skus: purchase(list(skus)),
    channels: purchase(list(values.channels)),
    storeIds: purchase(list(values.storeIds)),
    tierIds: list(values.tierIds),
    weekdays: list(values.weekdays)?.map((d) => intOrText(d)),
    timeFrom: textOrUndefined(values.timeFrom),
    timeTo: textOrUndefined(values.timeTo),
    minBasketMinor: purchase(minBasketMinor),
    currencies: purchase(list(values.currencies)),
  };
  const rule = {
    name: values.name.trim(),
    kind: values.kind,
    active: values.active,
    priority: intOrText(values.priority) ?? 0,
    combine: values.combine,
    rate: values.kind === "base_rate" ? textOrUndefined(values.rate) : undefined,
    factor: values.kind === "multiplier" ? textOrUndefined(values.factor) : undefined,
    points: values.kind === "bonus" ? intOrText(values.points) : undefined,
    trigger: values.kind === "bonus" ? textOrUndefined(values.trigger) : undefined,
    capPerDay: intOrText(values.capPerDay),
    capPerMonth: intOrText(values.capPerMonth),
    startsAt: instant("startsAt"),
    endsAt: instant("endsAt"),
    conditions: Object.fromEntries(Object.entries(conditions).filter(([, v]) => v !== undefined)),
  };
  // The service's schema checks the rest (kinds, ranges, cross-field rules) and names each field.
  return { value: rule as EarningRuleInput, fieldErrors: errors };
}

/** A saved rule as the form's values (for editing it). */
export function ruleToForm(rule: Omit<EarningRule, "ruleId" | "version">, program: ProgramFormContext): RuleFormValues {
  const c = rule.conditions;
  return {
    name: rule.name,
    kind: rule.kind,
    active: rule.active,
    priority: String(rule.priority),
    combine: rule.combine,
    rate: rule.rate ?? "",
    factor: rule.factor ?? "",
    points: rule.points === null ? "" : String(rule.points),
    trigger: rule.trigger ?? "basket",
    capPerDay: rule.capPerDay === null ? "" : String(rule.capPerDay),
    capPerMonth: rule.capPerMonth === null ? "" : String(rule.capPerMonth),
    startsAt: rule.startsAt ? isoToZoned(rule.startsAt, program.timeZone) : "",
    endsAt: rule.endsAt ? isoToZoned(rule.endsAt, program.timeZone) : "",
    categories: c.categories ?? [],
    skus: (c.skus ?? []).join(", "),
    channels: c.channels ?? [],
    storeIds: c.storeIds ?? [],
    tierIds: c.tierIds ?? [],
    weekdays: (c.weekdays ?? []).map(String),
    timeFrom: c.timeFrom ?? "",
    timeTo: c.timeTo ?? "",
    minBasket: c.minBasketMinor === undefined ? "" : minorToDecimal(c.minBasketMinor, program.currency),
    currencies: c.currencies ?? [],
  };
}

/** The form fields that differ between two versions of a rule (for the version history). */
export function changedRuleFields(before: RuleFormValues, after: RuleFormValues): string[] {
  return (Object.keys(after) as (keyof RuleFormValues)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
