import { z } from "zod";
import { currency } from "@/db/schema/enums";
import { parseScaled, SCALE } from "./money";

/** What admins submit to put a reward in the catalogue. Money here is integer minor units (forms convert). */

const factor = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .refine((v) => (parseScaled(v) ?? 0n) > SCALE, { error: "must be a factor above 1 with at most 4 decimals, e.g. 2" });

export const rewardValueInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("amount_off"), amountMinor: z.int().positive({ error: "must be 1 or more" }), currency: z.enum(currency.enumValues) }),
  z.strictObject({ kind: z.literal("percent_off"), percent: z.int().min(1).max(100, { error: "must be 1 to 100" }) }),
  z.strictObject({ kind: z.literal("free_product"), sku: z.string().trim().min(1).max(100) }),
  z
    .strictObject({ kind: z.literal("bogo"), sku: z.string().trim().min(1).max(100).optional(), category: z.string().trim().min(1).max(100).optional() })
    .refine((v) => v.sku !== undefined || v.category !== undefined, { error: "give a sku or a category", path: ["sku"] }),
  z.strictObject({ kind: z.literal("points_multiplier"), factor, days: z.int().min(1).max(365) }),
  z.strictObject({ kind: z.literal("event_invitation"), eventName: z.string().trim().min(1).max(200), eventAt: z.iso.datetime({ offset: true }).optional(), location: z.string().max(200).optional() }),
]);

export const rewardInput = z
  .strictObject({
    name: z.string().trim().min(1, { error: "is required" }).max(200),
    description: z.string().trim().max(2000).optional(),
    value: rewardValueInput,
    pointsPrice: z.int().positive({ error: "must be 1 or more" }).max(100_000_000),
    costMinor: z.int().min(0, { error: "must not be negative" }),
    costCurrency: z.enum(currency.enumValues),
    /** Units available; omitted = unlimited. */
    stock: z.int().min(0).nullable().default(null),
    validFrom: z.iso.datetime({ offset: true }).nullable().default(null),
    validTo: z.iso.datetime({ offset: true }).nullable().default(null),
    voucherDays: z.int().min(1).max(3650).nullable().default(null),
    eligibleTierIds: z.array(z.uuid()).max(100).default([]),
    usesCodePool: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if (r.validFrom && r.validTo && new Date(r.validTo) <= new Date(r.validFrom)) ctx.addIssue({ code: "custom", path: ["validTo"], message: "must be after validFrom" });
  });
export type RewardInput = z.input<typeof rewardInput>;

/** Imported voucher codes: letters, digits and dashes. */
export const rewardCodesInput = z
  .array(z.string().trim().regex(/^[A-Za-z0-9-]{4,64}$/, { error: "must be 4 to 64 letters, digits or dashes" }))
  .min(1)
  .max(100_000)
  .refine((codes) => new Set(codes).size === codes.length, { error: "holds a code twice" });
