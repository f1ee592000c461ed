import { z } from "zod";
import { currency, salesChannel } from "@/db/schema/enums";
import { isValidTimeZone, parseClock } from "./local-time";
import { parseScaled, SCALE } from "./money";
import { EVENT_BONUS_TRIGGERS } from "./rule-types";

/**
 * What admins submit to configure the program: earning rules, tiers, rewards and policies. The admin UI's
 * server actions parse with these; the service functions parse again, so a direct caller gets the same errors.
 */

const scaled = (what: string) =>
  z
    .union([z.string(), z.number()], { error: `must be ${what}` })
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine((v) => parseScaled(v) !== null, { error: `must be ${what} with at most 4 decimals` });

const clock = z.string().refine((v) => parseClock(v) !== null, { error: "must be a time of day HH:MM (00:00-23:59)" });
const codes = z.array(z.string().trim().min(1, { error: "must not be empty" }).max(100)).max(500);
const dateTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone offset" });

export const ruleConditionsInput = z.strictObject({
  categories: codes.optional(),
  skus: codes.optional(),
  channels: z.array(z.enum(salesChannel.enumValues)).optional(),
  storeIds: z.array(z.uuid({ error: "must be a store id" })).max(1000).optional(),
  tierIds: z.array(z.uuid({ error: "must be a tier id" })).max(100).optional(),
  weekdays: z.array(z.int().min(1, { error: "must be 1 (Monday) to 7 (Sunday)" }).max(7, { error: "must be 1 (Monday) to 7 (Sunday)" })).max(7).optional(),
  timeFrom: clock.optional(),
  timeTo: clock.optional(),
  minBasketMinor: z.int().min(0, { error: "must not be negative" }).optional(),
  currencies: z.array(z.enum(currency.enumValues)).optional(),
});

const PURCHASE_ONLY = ["categories", "skus", "channels", "storeIds", "minBasketMinor", "currencies"] as const;

export const earningRuleInput = z
  .strictObject({
    name: z.string().trim().min(1, { error: "is required" }).max(200),
    kind: z.enum(["base_rate", "multiplier", "bonus"], { error: "must be base_rate, multiplier or bonus" }),
    active: z.boolean().default(true),
    priority: z.int().min(-1000).max(1000).default(0),
    combine: z.enum(["stack", "best_of"]).default("stack"),
    rate: scaled("points per currency unit, e.g. 1 or 0.5").optional(),
    factor: scaled("a factor on base points, e.g. 2").optional(),
    points: z.int().positive({ error: "must be 1 or more" }).max(10_000_000).optional(),
    trigger: z.enum(["basket", "first_purchase", "birthday_month", "review", "social_share", "app_signup"]).optional(),
    capPerDay: z.int().positive({ error: "must be 1 or more" }).optional(),
    capPerMonth: z.int().positive({ error: "must be 1 or more" }).optional(),
    startsAt: dateTime.optional(),
    endsAt: dateTime.optional(),
    conditions: ruleConditionsInput.default({}),
  })
  .superRefine((rule, ctx) => {
    const need = (field: "rate" | "factor" | "points" | "trigger", message: string) => {
      if (rule[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message });
    };
    const forbid = (field: "rate" | "factor" | "points" | "trigger") => {
      if (rule[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `does not apply to a ${rule.kind} rule` });
    };
    if (rule.kind === "base_rate") {
      need("rate", "is required for a base rate");
      if (rule.rate !== undefined && parseScaled(rule.rate) === 0n) ctx.addIssue({ code: "custom", path: ["rate"], message: "must be more than 0" });
      (["factor", "points", "trigger"] as const).forEach(forbid);
    } else if (rule.kind === "multiplier") {
      need("factor", "is required for a multiplier");
      if (rule.factor !== undefined && (parseScaled(rule.factor) ?? 0n) <= SCALE) ctx.addIssue({ code: "custom", path: ["factor"], message: "must be more than 1" });
      (["rate", "points", "trigger"] as const).forEach(forbid);
    } else {
      need("points", "is required for a bonus");
      need("trigger", "is required for a bonus");
      (["rate", "factor"] as const).forEach(forbid);
      if (rule.trigger && (EVENT_BONUS_TRIGGERS as readonly string[]).includes(rule.trigger)) {
        for (const field of PURCHASE_ONLY) {
          if (rule.conditions[field] !== undefined) ctx.addIssue({ code: "custom", path: ["conditions", field], message: `does not apply to an event bonus (${rule.trigger})` });
        }
      }
    }
    if (rule.startsAt && rule.endsAt && new Date(rule.endsAt) <= new Date(rule.startsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
    const from = rule.conditions.timeFrom ? parseClock(rule.conditions.timeFrom) : null;
    const to = rule.conditions.timeTo ? parseClock(rule.conditions.timeTo) : null;
    if (from !== null && to !== null && to <= from) ctx.addIssue({ code: "custom", path: ["conditions", "timeTo"], message: "must be after timeFrom (windows across midnight are two rules)" });
  });
export type EarningRuleInput = z.input<typeof earningRuleInput>;
export type EarningRuleValues = z.output<typeof earningRuleInput>;

export const tierInput = z.strictObject({
  name: z.string().trim().min(1, { error: "is required" }).max(100),
  rank: z.int().min(0, { error: "must be 0 or more" }).max(100),
  threshold: z.int().min(0, { error: "must not be negative" }),
  earningFactor: scaled("a factor on base points, e.g. 1.5")
    .refine((v) => (parseScaled(v) ?? 0n) >= SCALE, { error: "must be 1 or more" })
    .default("1"),
  benefits: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
});
export type TierInput = z.input<typeof tierInput>;

export const programPolicyInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    currency: z.enum(currency.enumValues),
    timezone: z.string().refine(isValidTimeZone, { error: "must be an IANA time zone such as Europe/Berlin" }).nullable(),
    onlineStoreId: z.uuid().nullable(),
    returnWindowDays: z.int().min(0).max(365),
    expiryKind: z.enum(["rolling_months", "fixed_date", "never"]),
    expiryMonths: z.int().min(1).max(120),
    expiryDate: z.iso.date({ error: "must be a date YYYY-MM-DD" }).nullable(),
    negativeBalancePolicy: z.enum(["allow_negative", "write_off"]),
    tierBasis: z.enum(["points", "spend"]),
    tierWindowMonths: z.int().min(1).max(60),
    tierReviewMonths: z.int().min(1).max(24),
    tierDowngradePolicy: z.enum(["to_qualified", "one_step", "never"]),
  })
  .partial()
  .superRefine((p, ctx) => {
    if (p.expiryKind === "fixed_date" && !p.expiryDate) ctx.addIssue({ code: "custom", path: ["expiryDate"], message: "is required when points expire on a fixed date" });
    if (p.tierReviewMonths !== undefined && 12 % p.tierReviewMonths !== 0) ctx.addIssue({ code: "custom", path: ["tierReviewMonths"], message: "must divide a year (1, 2, 3, 4, 6 or 12)" });
  });
export type ProgramPolicyInput = z.input<typeof programPolicyInput>;
