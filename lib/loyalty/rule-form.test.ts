import { describe, expect, it } from "vitest";
import { LoyaltyError } from "./errors";
import { checkedInput, formFieldErrors, isoToZoned, zonedToIso } from "./form-values";
import { changedRuleFields, EMPTY_RULE_FORM, ruleFromForm, ruleToForm, type RuleFormValues } from "./rule-form";
import { earningRuleInput } from "./rule-schemas";

const PROGRAM = { currency: "EUR", timeZone: "Europe/Berlin" };

const booksAfternoons: RuleFormValues = {
  ...EMPTY_RULE_FORM,
  name: "Double points on Books on weekday afternoons",
  kind: "multiplier",
  factor: "2",
  priority: "10",
  categories: ["books"],
  weekdays: ["1", "2", "3", "4", "5"],
  timeFrom: "12:00",
  timeTo: "17:00",
  minBasket: "25.50",
  skus: "BK-1, BK-2\nBK-3",
  startsAt: "2026-03-29T02:30",
  capPerDay: "500",
};

describe("zoned date-times", () => {
  it("14:00 in Berlin is 13:00 UTC in winter and 12:00 UTC in summer, and back", () => {
    expect(zonedToIso("2026-01-15T14:00", "Europe/Berlin")).toBe("2026-01-15T13:00:00.000Z");
    expect(zonedToIso("2026-07-15T14:00", "Europe/Berlin")).toBe("2026-07-15T12:00:00.000Z");
    expect(isoToZoned(new Date("2026-07-15T12:00:00Z"), "Europe/Berlin")).toBe("2026-07-15T14:00");
  });

  it("02:30 on the day Berlin skips 02:00-03:00 maps to 03:30 (01:30 UTC); malformed input is null", () => {
    expect(zonedToIso("2026-03-29T02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
    expect(zonedToIso("2026-02-30T10:00", "Europe/Berlin")).toBeNull();
    expect(zonedToIso("tomorrow", "Europe/Berlin")).toBeNull();
  });
});

describe("ruleFromForm", () => {
  it("turns the form into a rule the service accepts: numbers, instants in the program zone, minor units, SKU lists", () => {
    const converted = ruleFromForm(booksAfternoons, PROGRAM);
    expect(converted.fieldErrors).toEqual({});
    expect(converted.value).toEqual({
      name: "Double points on Books on weekday afternoons",
      kind: "multiplier",
      active: true,
      priority: 10,
      combine: "stack",
      factor: "2",
      capPerDay: 500,
      startsAt: "2026-03-29T01:30:00.000Z",
      conditions: { categories: ["books"], skus: ["BK-1", "BK-2", "BK-3"], weekdays: [1, 2, 3, 4, 5], timeFrom: "12:00", timeTo: "17:00", minBasketMinor: 2550 },
    });
    expect(earningRuleInput.safeParse(converted.value).success).toBe(true);
  });

  it("sends only the fields of the rule's kind, and no purchase conditions for an event bonus", () => {
    const converted = ruleFromForm({ ...booksAfternoons, kind: "bonus", trigger: "review", points: "20", rate: "3", factor: "2" }, PROGRAM);
    expect(converted.value).toMatchObject({ kind: "bonus", trigger: "review", points: 20, conditions: { weekdays: [1, 2, 3, 4, 5], timeFrom: "12:00", timeTo: "17:00" } });
    expect(converted.value.factor).toBeUndefined();
    expect(converted.value.conditions).not.toHaveProperty("categories");
    expect(earningRuleInput.safeParse(converted.value).success).toBe(true);
  });

  it("names the field of an amount or date it cannot read; the schema names the rest by the same keys, all at once", () => {
    const bad = ruleFromForm({ ...booksAfternoons, minBasket: "12.345", endsAt: "soon", priority: "high" }, PROGRAM);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["conditions.minBasketMinor", "endsAt"]);
    const refusal = (() => {
      try {
        checkedInput(bad, earningRuleInput);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(LoyaltyError);
    expect(Object.keys((refusal as LoyaltyError).fieldErrors ?? {}).sort()).toEqual(["conditions.minBasketMinor", "endsAt", "priority"]);
    expect(checkedInput(ruleFromForm(booksAfternoons, PROGRAM), earningRuleInput)).toMatchObject({ factor: "2" });
    const keysOf = (values: RuleFormValues) => {
      const converted = ruleFromForm(values, PROGRAM);
      const parsed = earningRuleInput.safeParse(converted.value);
      if (parsed.success) return [];
      return Object.keys(formFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.map(String).join("."), [i.message]])))).sort();
    };
    expect(keysOf({ ...booksAfternoons, priority: "high", weekdays: ["8"] })).toEqual(["conditions.weekdays", "priority"]);
    // Cross-field checks run once the fields themselves are well formed.
    expect(keysOf({ ...booksAfternoons, factor: "1", timeTo: "11:00" })).toEqual(["conditions.timeTo", "factor"]);
  });
});

describe("ruleToForm", () => {
  it("gives back the form it was made from", () => {
    const converted = ruleFromForm(booksAfternoons, PROGRAM);
    const rule = earningRuleInput.parse(converted.value);
    const saved = {
      ...rule,
      rate: rule.rate ?? null,
      factor: rule.factor ?? null,
      points: rule.points ?? null,
      trigger: rule.trigger ?? null,
      capPerDay: rule.capPerDay ?? null,
      capPerMonth: rule.capPerMonth ?? null,
      startsAt: rule.startsAt ? new Date(rule.startsAt) : null,
      endsAt: rule.endsAt ? new Date(rule.endsAt) : null,
    };
    const form = ruleToForm(saved, PROGRAM);
    // 02:30 did not exist that night: the saved instant reads back as 03:30.
    expect(form).toEqual({ ...booksAfternoons, skus: "BK-1, BK-2, BK-3", startsAt: "2026-03-29T03:30", trigger: "basket" });
    expect(changedRuleFields(form, { ...form, factor: "3", weekdays: ["1"] })).toEqual(["factor", "weekdays"]);
  });
});

describe("formFieldKey", () => {
  it("keys action and service paths as the form's fields", () => {
    expect(formFieldErrors({ "values.conditions.weekdays.0": ["a"], "conditions.weekdays[1]": ["b"], rate: ["c", "d"] })).toEqual({ "conditions.weekdays": "a", rate: "c" });
  });
});
