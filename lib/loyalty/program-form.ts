import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { intOrText, textOrUndefined, type Converted } from "./form-values";
import { decimalToMinor, minorToDecimal } from "./money";
import type { ProgramPolicyInput, TierInput } from "./rule-schemas";

/** The tier and policy forms' values (text) and their conversion to the services' input. */

const text = (max = 200) => z.string().max(max).default("");

/** What the tier actions accept (form values); the service checks their meaning. */
export const tierFormInput = z.object({ name: text(), rank: text(20), threshold: text(40), earningFactor: text(40), benefits: text(5000) });

/** What the policy action accepts (form values); the service checks their meaning. */
export const policyFormInput = z.object({
  returnWindowDays: text(20),
  expiryKind: text(40),
  expiryMonths: text(20),
  expiryDate: text(20),
  negativeBalancePolicy: text(40),
  tierBasis: text(20),
  tierWindowMonths: text(20),
  tierReviewMonths: text(20),
  tierDowngradePolicy: text(40),
});

export interface TierFormValues {
  name: string;
  rank: string;
  /** Points, or (spend basis) an amount in the program currency. */
  threshold: string;
  earningFactor: string;
  /** One benefit per line. */
  benefits: string;
}

export interface TierBasisContext {
  basis: "points" | "spend";
  currency: string;
}

export function tierFromForm(values: TierFormValues, program: TierBasisContext): Converted<TierInput> {
  const errors: FieldErrors = {};
  let threshold: number | string | undefined = intOrText(values.threshold);
  if (program.basis === "spend" && values.threshold.trim() !== "") {
    const parsed = decimalToMinor(values.threshold, program.currency);
    if (parsed.ok) threshold = parsed.minor;
    else errors.threshold = [parsed.message];
  }
  const tier = {
    name: values.name.trim(),
    rank: intOrText(values.rank),
    threshold,
    earningFactor: textOrUndefined(values.earningFactor),
    benefits: values.benefits
      .split("\n")
      .map((b) => b.trim())
      .filter(Boolean),
  };
  return { value: tier as TierInput, fieldErrors: errors };
}

export function tierToForm(tier: { name: string; rank: number; threshold: number; earningFactor: string; benefits: string[] }, program: TierBasisContext): TierFormValues {
  return {
    name: tier.name,
    rank: String(tier.rank),
    threshold: program.basis === "spend" ? minorToDecimal(tier.threshold, program.currency) : String(tier.threshold),
    earningFactor: tier.earningFactor,
    benefits: tier.benefits.join("\n"),
  };
}

export interface PolicyFormValues {
  returnWindowDays: string;
  expiryKind: string;
  expiryMonths: string;
  /** "YYYY-MM-DD" or "". */
  expiryDate: string;
  negativeBalancePolicy: string;
  tierBasis: string;
  tierWindowMonths: string;
  tierReviewMonths: string;
  tierDowngradePolicy: string;
}

/** The policies an admin edits on the tiers page; each is sent, so the service checks them together. */
export function policyFromForm(values: PolicyFormValues): ProgramPolicyInput {
  return {
    returnWindowDays: intOrText(values.returnWindowDays),
    expiryKind: values.expiryKind,
    expiryMonths: intOrText(values.expiryMonths),
    expiryDate: textOrUndefined(values.expiryDate) ?? null,
    negativeBalancePolicy: values.negativeBalancePolicy,
    tierBasis: values.tierBasis,
    tierWindowMonths: intOrText(values.tierWindowMonths),
    tierReviewMonths: intOrText(values.tierReviewMonths),
    tierDowngradePolicy: values.tierDowngradePolicy,
  } as ProgramPolicyInput;
}
