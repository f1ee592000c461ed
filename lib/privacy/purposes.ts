import { consentPurpose, lawfulBasis, type ConsentPurpose, type LawfulBasis } from "@/db/schema/privacy";

/** In the order of the enum: the order pages and exports list them in. */
export const CONSENT_PURPOSES = consentPurpose.enumValues;
export const LAWFUL_BASES = lawfulBasis.enumValues;

export interface PurposeRule {
  /**
   * `opt_in`: allowed only while a `granted` decision is on file (marketing needs prior consent, ePrivacy).
   * `opt_out`: allowed unless the member withdrew or objected (legitimate interest, GDPR art. 21).
   */
  default: "opt_in" | "opt_out";
  /** The lawful bases this use may rest on; anything else is refused as invalid input. */
  bases: readonly LawfulBasis[];
}

/**
 * Marketing messages per channel need consent (an e-mail or in-app message to an existing customer may
 * also rest on legitimate interest: the "soft opt-in"). Personalization (profiling: scores, segments,
 * recommendations) and analytics run on legitimate interest until the member objects.
 */
export const PURPOSE_RULES: Record<ConsentPurpose, PurposeRule> = {
  marketing_email: { default: "opt_in", bases: ["consent", "legitimate_interest"] },
  marketing_sms: { default: "opt_in", bases: ["consent"] },
  marketing_push: { default: "opt_in", bases: ["consent"] },
  marketing_in_app: { default: "opt_in", bases: ["consent", "legitimate_interest"] },
  personalization: { default: "opt_out", bases: ["consent", "legitimate_interest"] },
  analytics: { default: "opt_out", bases: ["legitimate_interest", "consent"] },
};

/** Whether a use is allowed given the decision on file (null when none was ever recorded). */
export function isAllowed(purpose: ConsentPurpose, status: "granted" | "withdrawn" | null): boolean {
  if (status === null) return PURPOSE_RULES[purpose].default === "opt_out";
  return status === "granted";
}
