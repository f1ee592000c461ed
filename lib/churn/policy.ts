import { z } from "zod";
import { INTERVENTION_KINDS, type InterventionRule } from "@/lib/models/churn/interventions";
import { REASON_KINDS } from "@/lib/models/churn/reason-kinds";

/**
 * The intervention policy as admins edit it (docs/churn.md, "Reasons and interventions"): the ordered
 * rules, checked here before they are stored or previewed. The editor sends thresholds as typed (text);
 * blank means "no threshold". A bad rule is refused with the place of the field, e.g. `rules.2.minRisk`.
 */

export const MAX_POLICY_RULES = 50;

const THRESHOLD_MESSAGE = "A number from 0 to 1, or blank for none.";

/** Blank (or absent) → undefined; text that reads as a number → that number; anything else as it was, for zod to refuse. */
function thresholdValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text === "") return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : value;
}

const threshold = z.preprocess(thresholdValue, z.number({ error: THRESHOLD_MESSAGE }).min(0, { error: THRESHOLD_MESSAGE }).max(1, { error: THRESHOLD_MESSAGE }).optional());

const ruleInput = z
  .object({
    reasons: z
      .array(z.enum(REASON_KINDS, { error: "Not a known reason." }))
      .max(REASON_KINDS.length)
      .refine((reasons) => new Set(reasons).size === reasons.length, { error: "Name each reason once." })
      .optional(),
    minRisk: threshold,
    minValueRank: threshold,
    intervention: z.enum(INTERVENTION_KINDS, { error: "Choose an action." }),
  })
  // The stored form: no reasons means any reason, a 0 threshold means none; absent keys rather than empty ones.
  .transform(({ reasons, minRisk, minValueRank, intervention }): InterventionRule => ({
    ...(reasons && reasons.length > 0 ? { reasons } : {}),
    ...(minRisk ? { minRisk } : {}),
    ...(minValueRank ? { minValueRank } : {}),
    intervention,
  }));

export const interventionRulesInput = z
  .array(ruleInput, { error: "The rules must be a list." })
  .min(1, { error: "A policy needs at least one rule." })
  .max(MAX_POLICY_RULES, { error: `At most ${MAX_POLICY_RULES} rules.` });

/** A policy as the editor saves it: its rules, and the version the editor started from (0: the built-in default). */
export const savePolicyInput = z.object({
  baseVersion: z.coerce.number({ error: "Not a policy version." }).int().min(0),
  rules: interventionRulesInput,
});
export type SavePolicyInput = z.input<typeof savePolicyInput>;
