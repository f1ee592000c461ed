import { z } from "zod";
import { CAMPAIGN_CHANNELS, CAMPAIGN_GOALS, CAMPAIGN_MODEL_SCORES } from "@/db/schema/campaigns";
import { LOCALES } from "@/lib/i18n/config";

const optionalInt = (min: number, max: number, label: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z.coerce.number({ error: `${label} must be a number.` }).int({ error: `${label} must be a whole number.` }).min(min, { error: `${label} must be at least ${min}.` }).max(max, { error: `${label} must be at most ${max}.` }).nullable(),
  );

const messageTemplate = z.object({
  subject: z.string().trim().max(200, { error: "At most 200 characters." }),
  body: z.string().trim().max(5_000, { error: "At most 5,000 characters." }),
});

export const variantInput = z.object({
  name: z.string().trim().min(1, { error: "Name the variant." }).max(60),
  rewardId: z.guid({ error: "Choose a reward." }),
  validDays: z.coerce.number().int().min(1, { error: "At least 1 day." }).max(365, { error: "At most 365 days." }).default(14),
});

/**
 * A campaign as the builder sends it. Money arrives in major units as text ("250.00") in the program's
 * currency and is converted by the caller (lib/loyalty/money.ts), so a typo is a field error, not a float.
 * Cross-field rules (a model audience needs top N or a threshold, a schedule needs its time) are refinements
 * whose errors name the field.
 */
export const campaignInput = z
  .object({
    name: z.string().trim().min(1, { error: "Name the campaign." }).max(120, { error: "At most 120 characters." }),
    goal: z.enum(CAMPAIGN_GOALS, { error: "Choose a goal." }),
    segmentId: z.preprocess((v) => (v === "" ? null : v), z.guid({ error: "Choose a segment." }).nullable()),
    modelScore: z.preprocess((v) => (v === "" ? null : v), z.enum(CAMPAIGN_MODEL_SCORES).nullable()).default(null),
    modelTopN: optionalInt(1, 10_000_000, "Top N").default(null),
    modelThreshold: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().min(0).nullable()).default(null),
    excludeRecentDays: optionalInt(1, 365, "Recent recipients (days)").default(null),
    excludeOtherControls: z.coerce.boolean().default(true),
    controlPercent: z.coerce.number().int().min(0, { error: "At least 0%." }).max(50, { error: "At most 50%." }),
    maxRecipients: optionalInt(1, 10_000_000, "Maximum recipients").default(null),
    budget: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.string().trim().nullable()).default(null),
    capOffers: optionalInt(1, 100, "Offers per member").default(null),
    capDays: optionalInt(1, 365, "Days of the cap").default(null),
    schedule: z.enum(["now", "at", "recurring"]).default("now"),
    startsAt: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.date({ error: "Not a date and time." }).nullable()).default(null),
    recurDays: optionalInt(1, 365, "Repeat every (days)").default(null),
    endsAt: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.date({ error: "Not a date and time." }).nullable()).default(null),
    sendTime: z.enum(["fixed", "usual"]).default("fixed"),
    channels: z.array(z.enum(CAMPAIGN_CHANNELS)).min(1, { error: "Choose at least one channel." }),
    templates: z.partialRecord(z.enum(LOCALES), messageTemplate),
    attributionDays: z.coerce.number().int().min(1).max(90).default(14),
    marginPercent: z.coerce.number().int().min(0).max(100).default(30),
    // personalized: each treated member gets the offer with the best expected value for them (stored as the
    // campaigns.personalized flag; the learning allocation then only reports).
    allocation: z.enum(["even", "thompson", "personalized"]).default("thompson"),
    minExplorationPercent: z.coerce.number().int().min(0).max(50).default(10),
    variants: z.array(variantInput).min(1, { error: "Add at least one offer." }).max(5, { error: "At most 5 offers." }),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (c.modelScore && c.modelTopN === null && c.modelThreshold === null) issue("modelTopN", "A model audience needs a top N or a threshold.");
    if (!c.modelScore && (c.modelTopN !== null || c.modelThreshold !== null)) issue("modelScore", "Choose the prediction to rank by.");
    if ((c.capOffers === null) !== (c.capDays === null)) issue(c.capOffers === null ? "capOffers" : "capDays", "A frequency cap needs both a number of offers and days.");
    if (c.schedule !== "now" && !c.startsAt) issue("startsAt", "Choose when the campaign starts.");
    if (c.schedule === "recurring" && c.recurDays === null) issue("recurDays", "Choose how often it repeats.");
    if (c.endsAt && c.startsAt && c.endsAt <= c.startsAt) issue("endsAt", "The end must come after the start.");
    const names = new Set<string>();
    c.variants.forEach((v, i) => {
      if (names.has(v.name.toLowerCase())) ctx.addIssue({ code: "custom", path: ["variants", i, "name"], message: "Two offers share this name." });
      names.add(v.name.toLowerCase());
    });
  });

export type CampaignInput = z.output<typeof campaignInput>;
