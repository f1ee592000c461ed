import type { CampaignDetail } from "@/db/queries/campaigns";
import type { CampaignChannel, CampaignGoal, CampaignModelScore } from "@/db/schema/campaigns";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import { isoToZoned, zonedToIso } from "@/lib/loyalty/form-values";
import { decimalToMinor, minorToDecimal } from "@/lib/loyalty/money";

/**
 * The campaign builder's values (text, as inputs hold them) and their conversion to the input of
 * `saveCampaignAction` (lib/campaigns/schemas.ts). Conversions that can fail leave the text as it is, so
 * the server's schema names the field. Times are the program's wall clock, as on the rewards form.
 */

// The closed sets, spelled here so the client bundle does not pull in the database schema; the checks
// below fail to compile when the schema gains a value these lists lack.
export const GOALS = ["reactivation", "cross_sell", "frequency", "tier_upgrade", "event_attendance"] as const satisfies readonly CampaignGoal[];
export const MODEL_SCORES = ["churn_risk", "clv", "redemption_propensity"] as const satisfies readonly CampaignModelScore[];
export const CHANNELS = ["email", "in_app", "webhook"] as const satisfies readonly CampaignChannel[];
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const exhaustive: [Exhaustive<CampaignGoal, (typeof GOALS)[number]>, Exhaustive<CampaignModelScore, (typeof MODEL_SCORES)[number]>, Exhaustive<CampaignChannel, (typeof CHANNELS)[number]>] = [true, true, true];
void exhaustive;

export const MAX_VARIANTS = 5;

export interface VariantValues {
  /** A key for React only: stable while offers are added and removed. */
  key: string;
  name: string;
  rewardId: string;
  validDays: string;
}

export interface TemplateValues {
  subject: string;
  body: string;
}

export interface CampaignFormValues {
  name: string;
  goal: string;
  segmentId: string;
  /** "" for no ranking by a prediction. */
  modelScore: string;
  modelTopN: string;
  /** Percent for churn risk and likelihood to redeem, money (major units) for CLV. */
  modelThreshold: string;
  excludeRecentDays: string;
  excludeOtherControls: boolean;
  controlPercent: string;
  maxRecipients: string;
  budget: string;
  capOffers: string;
  capDays: string;
  schedule: "now" | "at" | "recurring";
  startsAt: string;
  recurDays: string;
  endsAt: string;
  sendTime: "fixed" | "usual";
  channels: CampaignChannel[];
  templates: Record<Locale, TemplateValues>;
  attributionDays: string;
  marginPercent: string;
  allocation: "thompson" | "even" | "personalized";
  minExplorationPercent: string;
  variants: VariantValues[];
}

let keyCounter = 0;
export const variantKey = () => `v${++keyCounter}`;

/** "A", "B", ...: a default name that differs from the others' (names must be unique within a campaign). */
export function nextVariantName(variants: readonly VariantValues[]): string {
  const taken = new Set(variants.map((v) => v.name.trim().toLowerCase()));
  for (let i = 0; i < 26; i++) {
    const name = String.fromCharCode(65 + i);
    if (!taken.has(name.toLowerCase())) return name;
  }
  return "";
}

export function newVariant(variants: readonly VariantValues[]): VariantValues {
  return { key: variantKey(), name: nextVariantName(variants), rewardId: "", validDays: "14" };
}

const blankTemplates = (): Record<Locale, TemplateValues> => Object.fromEntries(LOCALES.map((l) => [l, { subject: "", body: "" }])) as Record<Locale, TemplateValues>;

/** A new campaign: the schema's defaults (control 10 %, at most 2 offers in 14 days, Thompson sampling ...). */
export function emptyCampaignForm(): CampaignFormValues {
  return {
    name: "",
    goal: "reactivation",
    segmentId: "",
    modelScore: "",
    modelTopN: "",
    modelThreshold: "",
    excludeRecentDays: "",
    excludeOtherControls: true,
    controlPercent: "10",
    maxRecipients: "",
    budget: "",
    capOffers: "2",
    capDays: "14",
    schedule: "now",
    startsAt: "",
    recurDays: "",
    endsAt: "",
    sendTime: "fixed",
    channels: ["email", "in_app"],
    templates: blankTemplates(),
    attributionDays: "14",
    marginPercent: "30",
    allocation: "thompson",
    minExplorationPercent: "10",
    variants: [{ key: variantKey(), name: "A", rewardId: "", validDays: "14" }],
  };
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));
/** A share (0-1) as a percent for an input, without float noise (0.35 → "35", not "35.00000000000001"). */
const percentText = (share: number) => String(Math.round(share * 1_000_000) / 10_000);

/** A saved draft as the builder's values. */
export function campaignToForm(campaign: CampaignDetail, options: { timeZone: string }): CampaignFormValues {
  const templates = blankTemplates();
  for (const locale of LOCALES) {
    const template = campaign.templates[locale];
    if (template) templates[locale] = { subject: template.subject, body: template.body };
  }
  const threshold =
    campaign.modelThreshold === null ? "" : campaign.modelScore === "clv" ? minorToDecimal(Math.round(campaign.modelThreshold), campaign.currency) : percentText(campaign.modelThreshold);
  return {
    name: campaign.name,
    goal: campaign.goal,
    segmentId: campaign.segmentId ?? "",
    modelScore: campaign.modelScore ?? "",
    modelTopN: text(campaign.modelTopN),
    modelThreshold: threshold,
    excludeRecentDays: text(campaign.excludeRecentDays),
    excludeOtherControls: campaign.excludeOtherControls,
    controlPercent: text(campaign.controlPercent),
    maxRecipients: text(campaign.maxRecipients),
    budget: campaign.budgetMinor === null ? "" : minorToDecimal(campaign.budgetMinor, campaign.currency),
    capOffers: text(campaign.capOffers),
    capDays: text(campaign.capDays),
    schedule: campaign.schedule,
    startsAt: campaign.startsAt ? isoToZoned(campaign.startsAt, options.timeZone) : "",
    recurDays: text(campaign.recurDays),
    endsAt: campaign.endsAt ? isoToZoned(campaign.endsAt, options.timeZone) : "",
    sendTime: campaign.sendTime,
    channels: [...campaign.channels],
    templates,
    attributionDays: text(campaign.attributionDays),
    marginPercent: text(campaign.marginPercent),
    allocation: campaign.allocation,
    minExplorationPercent: text(campaign.minExplorationPercent),
    variants: campaign.variants.map((v) => ({ key: variantKey(), name: v.name, rewardId: v.rewardId, validDays: String(v.validDays) })),
  };
}

/** A wall-clock time in the program's zone as an instant; blank stays blank, malformed text goes as it is. */
function instant(local: string, timeZone: string): string {
  const trimmed = local.trim();
  if (trimmed === "") return "";
  return zonedToIso(trimmed, timeZone) ?? trimmed;
}

/** The threshold as the audience query compares it: a probability (0-1), or CLV in minor units. */
function threshold(values: CampaignFormValues, currency: string): string | number {
  const raw = values.modelThreshold.trim();
  if (raw === "" || values.modelScore === "") return "";
  if (values.modelScore === "clv") {
    const parsed = decimalToMinor(raw, currency);
    return parsed.ok ? parsed.minor : raw;
  }
  const percent = Number(raw.replace(",", "."));
  return Number.isFinite(percent) ? percent / 100 : raw;
}

const isBlank = (t: TemplateValues) => t.subject.trim() === "" && t.body.trim() === "";

/** The `campaign` of saveCampaignAction's input. */
export function formToInput(values: CampaignFormValues, options: { timeZone: string; currency: string }) {
  const templates: Partial<Record<Locale, TemplateValues>> = { en: values.templates.en };
  // A language left blank is left out: members in it get the English message.
  for (const locale of LOCALES) if (locale !== "en" && !isBlank(values.templates[locale])) templates[locale] = values.templates[locale];
  return {
    name: values.name,
    goal: values.goal,
    segmentId: values.segmentId,
    modelScore: values.modelScore,
    modelTopN: values.modelScore ? values.modelTopN : "",
    modelThreshold: threshold(values, options.currency),
    excludeRecentDays: values.excludeRecentDays,
    excludeOtherControls: values.excludeOtherControls,
    controlPercent: values.controlPercent,
    maxRecipients: values.maxRecipients,
    budget: values.budget.trim(),
    capOffers: values.capOffers,
    capDays: values.capDays,
    schedule: values.schedule,
    startsAt: values.schedule === "now" ? "" : instant(values.startsAt, options.timeZone),
    recurDays: values.schedule === "recurring" ? values.recurDays : "",
    endsAt: values.schedule === "recurring" ? instant(values.endsAt, options.timeZone) : "",
    sendTime: values.sendTime,
    channels: values.channels,
    templates,
    attributionDays: values.attributionDays,
    marginPercent: values.marginPercent,
    allocation: values.allocation,
    minExplorationPercent: values.minExplorationPercent,
    variants: values.variants.map((v) => ({ name: v.name, rewardId: v.rewardId, validDays: v.validDays })),
  };
}
