import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgEnum, pgTable, primaryKey, smallint, timestamp, uuid } from "drizzle-orm/pg-core";
import { auditActorKind, engagementChannel, engagementType } from "./enums";
import { members } from "./members";

/** What a member's data may be used for, each with its own consent or objection (lib/privacy/purposes.ts). */
export const consentPurpose = pgEnum("consent_purpose", [
  "marketing_email",
  "marketing_sms",
  "marketing_push",
  "marketing_in_app",
  "personalization",
  "analytics",
]);
/** GDPR art. 6(1): the legal ground a use of data rests on. */
export const lawfulBasis = pgEnum("lawful_basis", ["consent", "legitimate_interest", "contract", "legal_obligation"]);
/** Where a consent decision was captured. */
export const consentSource = pgEnum("consent_source", ["ui", "api", "import", "pos", "app", "web", "email", "system"]);
/** `granted`: the use is allowed; `withdrawn`: consent withdrawn, or the member objected to a legitimate interest. */
export const consentStatus = pgEnum("consent_status", ["granted", "withdrawn"]);
export const eventRetentionMode = pgEnum("event_retention_mode", ["delete", "aggregate"]);

/** Every consent decision ever made, append-only (triggers refuse UPDATE, DELETE and TRUNCATE). */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    purpose: consentPurpose().notNull(),
    status: consentStatus().notNull(),
    lawfulBasis: lawfulBasis().notNull(),
    source: consentSource().notNull(),
    actorKind: auditActorKind().notNull(),
    /** The staff member or API key that recorded it; null for the system and for the member themself. */
    actorId: uuid(),
    /** When the member decided (may precede created_at for imported or offline decisions). */
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId, t.purpose, t.occurredAt)],
);

/**
 * The latest decision per member and purpose, kept by a statement-level trigger on consent_events
 * (migration add_consent_triggers), so audiences and model training join one row per member.
 */
export const memberConsents = pgTable(
  "member_consents",
  {
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    purpose: consentPurpose().notNull(),
    status: consentStatus().notNull(),
    lawfulBasis: lawfulBasis().notNull(),
    source: consentSource().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    eventId: bigint({ mode: "number" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.purpose] }), index().on(t.purpose, t.status, t.memberId)],
);

/** One row: how long raw data is kept. Null `inactiveMemberMonths` leaves inactive members alone. */
export const privacySettings = pgTable(
  "privacy_settings",
  {
    id: smallint().primaryKey().default(1),
    eventRetentionMonths: integer().notNull().default(24),
    eventRetentionMode: eventRetentionMode().notNull().default("aggregate"),
    inactiveMemberMonths: integer(),
    loginAttemptRetentionDays: integer().notNull().default(90),
    updatedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("privacy_settings_single_row", sql`${t.id} = 1`),
    check("privacy_settings_positive", sql`${t.eventRetentionMonths} >= 1 and coalesce(${t.inactiveMemberMonths}, 1) >= 1 and ${t.loginAttemptRetentionDays} >= 1`),
  ],
);

/**
 * Engagement counts per member, program-local month, channel and type: what stays of raw events once
 * retention aggregates them (no properties, no exact times), enough for recency and frequency features.
 */
export const engagementMonthly = pgTable(
  "engagement_monthly",
  {
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    month: date({ mode: "string" }).notNull(),
    channel: engagementChannel().notNull(),
    type: engagementType().notNull(),
    events: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.month, t.channel, t.type] })],
);

export type ConsentPurpose = (typeof consentPurpose.enumValues)[number];
export type LawfulBasis = (typeof lawfulBasis.enumValues)[number];
export type ConsentSource = (typeof consentSource.enumValues)[number];
export type ConsentStatus = (typeof consentStatus.enumValues)[number];
export type EventRetentionMode = (typeof eventRetentionMode.enumValues)[number];
