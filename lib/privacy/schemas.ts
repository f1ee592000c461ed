import { z } from "zod";
import { consentSource, consentStatus, eventRetentionMode } from "@/db/schema/privacy";
import { uiLocale } from "@/db/schema/enums";
import { CONSENT_PURPOSES, LAWFUL_BASES, PURPOSE_RULES } from "./purposes";

/**
 * Input schemas of the privacy services, shared by the UI's actions and the public API's routes.
 * The service functions parse with them again, so a caller that skips parsing still cannot write bad data.
 */
export const consentChangeSchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    status: z.enum(consentStatus.enumValues),
    lawfulBasis: z.enum(LAWFUL_BASES),
    /** When the member decided; now when absent. Not in the future. */
    occurredAt: z.coerce.date().optional(),
  })
  .refine((c) => PURPOSE_RULES[c.purpose].bases.includes(c.lawfulBasis), {
    path: ["lawfulBasis"],
    message: "This lawful basis does not fit this purpose.",
  });

export const recordConsentsSchema = z.object({
  memberId: z.guid(),
  source: z.enum(consentSource.enumValues),
  changes: z.array(consentChangeSchema).min(1).max(CONSENT_PURPOSES.length * 4),
});
export type RecordConsentsInput = z.input<typeof recordConsentsSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/** Rectification: the profile fields a member may have corrected; an empty value clears the field. */
export const rectifyMemberSchema = z.object({
  memberId: z.guid(),
  firstName: optionalText(100),
  lastName: optionalText(100),
  email: z
    .union([z.literal(""), z.email().max(320)])
    .transform((v) => (v === "" ? null : v.toLowerCase()))
    .nullable()
    .optional(),
  phone: z
    .union([z.literal(""), z.string().trim().regex(/^\+?[0-9 ()-]{5,30}$/, "Use digits, spaces and an optional leading +.")])
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional(),
  birthDate: z
    .union([z.literal(""), z.iso.date()])
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional(),
  postcode: optionalText(20),
  city: optionalText(100),
  countryCode: z
    .union([z.literal(""), z.string().trim().regex(/^[A-Za-z]{2}$/, "Use a two-letter country code.")])
    .transform((v) => (v === "" ? null : v.toUpperCase()))
    .nullable()
    .optional(),
  locale: z.enum(uiLocale.enumValues).optional(),
});
export type RectifyMemberInput = z.input<typeof rectifyMemberSchema>;

export const memberRequestSchema = z.object({ memberId: z.guid() });

export const privacySettingsSchema = z.object({
  eventRetentionMonths: z.coerce.number().int().min(1).max(240),
  eventRetentionMode: z.enum(eventRetentionMode.enumValues),
  /** Empty: inactive members are kept. */
  inactiveMemberMonths: z.preprocess((v) => (v === "" || v === null || v === undefined ? null : v), z.coerce.number().int().min(6).max(240).nullable()),
  loginAttemptRetentionDays: z.coerce.number().int().min(1).max(3650),
});
export type PrivacySettingsInput = z.input<typeof privacySettingsSchema>;
