import { z } from "zod";
import { identityKind, uiLocale } from "@/db/schema/enums";
import { externalIdSchema, memberRefSchema, timestampSchema } from "./common";

// Absent leaves a stored value as it is; null clears it.
const optionalText = (max: number) => z.string().trim().min(1).max(max).nullish();

export const memberIdentitySchema = z.strictObject({
  kind: z.enum(identityKind.enumValues).meta({ description: "Where the identifier is used." }),
  value: z.string().trim().min(1).max(200).meta({ description: "The identifier, e.g. the card number." }),
});

export const memberUpsertSchema = z
  .strictObject({
    externalId: externalIdSchema.meta({ description: "The brand's member number; the key of the upsert.", examples: ["M-100234"] }),
    email: z.email().max(320).nullish(),
    phone: optionalText(40),
    firstName: optionalText(100),
    lastName: optionalText(100),
    birthDate: z.iso.date().nullish().meta({ description: "YYYY-MM-DD" }),
    postcode: optionalText(20),
    city: optionalText(100),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, "Two capital letters (ISO 3166-1 alpha-2).")
      .nullish(),
    locale: z.enum(uiLocale.enumValues).optional(),
    homeStoreCode: optionalText(50).meta({ description: "Code of the member's home store; must be one of the key's stores." }),
    joinedAt: timestampSchema.optional().meta({ description: "When the member joined; kept from the first upsert, defaults to now." }),
    status: z.enum(["active", "inactive"]).optional(),
    identities: z
      .array(memberIdentitySchema)
      .max(20)
      .optional()
      .meta({ description: "Identifiers to add to the member (existing ones are kept)." }),
  })
  .meta({ description: "A member's profile. Fields left out keep their stored value; null clears one." });

export type MemberUpsert = z.output<typeof memberUpsertSchema>;

export const memberUpsertResultSchema = memberRefSchema.extend({
  created: z.boolean().meta({ description: "True when this request created the member." }),
});

export const memberParamsSchema = z.object({ externalId: externalIdSchema });

/** What a till needs to greet and identify a member: no contact details, no birth date. */
export const memberSummarySchema = memberRefSchema.extend({
  firstName: z.string().nullable(),
  status: z.enum(["active", "inactive"]),
  homeStoreCode: z.string().nullable(),
  joinedAt: z.iso.datetime(),
});

export type MemberSummary = z.output<typeof memberSummarySchema>;
