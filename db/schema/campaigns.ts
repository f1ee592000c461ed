import { sql } from "drizzle-orm";
import { bigint, boolean, check, doublePrecision, index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { CampaignTemplates } from "@/lib/campaigns/types";
import { auditActorKind, currency, uiLocale } from "./enums";
import { rewards } from "./rewards";
import { segments } from "./segments";
import { staffUsers } from "./staff";

export const CAMPAIGN_GOALS = ["reactivation", "cross_sell", "frequency", "tier_upgrade", "event_attendance"] as const;
export const CAMPAIGN_STATUSES = ["draft", "awaiting_approval", "scheduled", "running", "paused", "completed", "cancelled"] as const;
export const CAMPAIGN_CHANNELS = ["email", "in_app", "webhook"] as const;
export const CAMPAIGN_MODEL_SCORES = ["churn_risk", "clv", "redemption_propensity"] as const;

export const campaignGoal = pgEnum("campaign_goal", CAMPAIGN_GOALS);
/** draft → (awaiting_approval →) scheduled → running ⇄ paused → completed; cancelled from any state before completed. */
export const campaignStatus = pgEnum("campaign_status", CAMPAIGN_STATUSES);
export const campaignChannel = pgEnum("campaign_channel", CAMPAIGN_CHANNELS);
/** Which prediction a model audience ranks members by (member_predictions). */
export const campaignModelScore = pgEnum("campaign_model_score", CAMPAIGN_MODEL_SCORES);
/** fixed: at the run's time; usual: each member's usual shopping weekday and hour (member_features). */
export const campaignSendTime = pgEnum("campaign_send_time", ["fixed", "usual"]);
/** now: when launched; at: once, at starts_at; recurring: from starts_at every recur_days days until ends_at. */
export const campaignSchedule = pgEnum("campaign_schedule", ["now", "at", "recurring"]);
/** even: equal shares; thompson: shares by each variant's probability of being best (lib/campaigns/bandit.ts). */
export const campaignAllocation = pgEnum("campaign_allocation", ["even", "thompson"]);
/** pending: due at next_attempt_at; sent: handed to the channel; dead: gave up; skipped: nothing to send (consent withdrawn, no address). */
export const campaignMessageStatus = pgEnum("campaign_message_status", ["pending", "sent", "dead", "skipped"]);

export type CampaignGoal = (typeof CAMPAIGN_GOALS)[number];
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export type CampaignModelScore = (typeof CAMPAIGN_MODEL_SCORES)[number];

/**
 * A targeted campaign (docs/campaigns.md): who (a segment, optionally ranked by a prediction), what (offer
 * variants from the rewards catalogue), how many are held out, what it may cost, when and through which
 * channels. Edited only as a draft; `version` guards concurrent edits.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    goal: campaignGoal().notNull(),
    status: campaignStatus().notNull().default("draft"),
    /** The audience: a saved segment's members; null = every member. */
    segmentId: uuid().references(() => segments.id),
    /** A model audience: members of the segment ranked by this prediction, the top N or those at or above a threshold. */
    modelScore: campaignModelScore(),
    modelTopN: integer(),
    modelThreshold: doublePrecision(),
    /** Leave out members who were sent an offer by any campaign in this many days. */
    excludeRecentDays: integer(),
    /** Leave out members held out as control by another campaign that is still measuring. */
    excludeOtherControls: boolean().notNull().default(true),
    /** Share of the eligible audience held out, in percent (random and stable per member and campaign). */
    controlPercent: smallint().notNull().default(10),
    /** Most offers sent per run. */
    maxRecipients: integer(),
    /** Most the redeemed offers may cost the brand; redemptions beyond it are refused. */
    budgetMinor: bigint({ mode: "number" }),
    currency: currency().notNull(),
    /** What redemptions have cost so far (kept by redeemOffer under the campaign's row lock). */
    spentMinor: bigint({ mode: "number" }).notNull().default(0),
    /** Frequency cap across all campaigns: at most cap_offers offers per member in cap_days days. */
    capOffers: integer(),
    capDays: integer(),
    schedule: campaignSchedule().notNull().default("now"),
    startsAt: timestamp({ withTimezone: true }),
    recurDays: integer(),
    endsAt: timestamp({ withTimezone: true }),
    /** When the next run is due (scheduled and recurring campaigns); null when none is. */
    nextRunAt: timestamp({ withTimezone: true }),
    sendTime: campaignSendTime().notNull().default("fixed"),
    channels: campaignChannel().array().notNull(),
    /** Subject and body per language, with {{placeholders}} (lib/campaigns/template.ts). */
    templates: jsonb().$type<CampaignTemplates>().notNull(),
    /** Days after sending in which a member's purchases and redemptions count for the campaign. */
    attributionDays: integer().notNull().default(14),
    /** Gross margin on revenue, percent: incremental margin = incremental revenue × margin (ROI). */
    marginPercent: smallint().notNull().default(30),
    allocation: campaignAllocation().notNull().default("thompson"),
    /** Each treated member gets the variant with the best expected value for them (the next best offer) instead of a share. */
    personalized: boolean().notNull().default(false),
    /** The least share, in percent, each variant keeps under Thompson sampling. */
    minExplorationPercent: smallint().notNull().default(10),
    winnerVariantId: uuid(),
    approvalRequired: boolean().notNull().default(false),
    approvedBy: uuid().references(() => staffUsers.id),
    approvedAt: timestamp({ withTimezone: true }),
    launchedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status, t.nextRunAt),
    check("campaigns_control", sql`${t.controlPercent} between 0 and 50`),
    check("campaigns_spent", sql`${t.spentMinor} >= 0 and (${t.budgetMinor} is null or ${t.spentMinor} <= ${t.budgetMinor})`),
    check("campaigns_positive", sql`coalesce(${t.maxRecipients}, 1) > 0 and coalesce(${t.budgetMinor}, 1) > 0 and coalesce(${t.capOffers}, 1) > 0 and coalesce(${t.capDays}, 1) > 0 and ${t.attributionDays} > 0`),
    check("campaigns_channels", sql`cardinality(${t.channels}) > 0`),
  ],
);

/** An offer a campaign sends: one reward from the catalogue. */
export const campaignVariants = pgTable(
  "campaign_variants",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    position: smallint().notNull(),
    name: text().notNull(),
    rewardId: uuid()
      .notNull()
      .references(() => rewards.id),
    /** Days an offer stays redeemable after it is sent. */
    validDays: integer().notNull().default(14),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.campaignId, t.position), check("campaign_variants_valid", sql`${t.validDays} > 0`)],
);

/** One launch of a campaign (a recurring campaign has one per period): its audience and the shares it used. */
export const campaignRuns = pgTable(
  "campaign_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    runNumber: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    eligible: integer().notNull(),
    treated: integer().notNull(),
    control: integer().notNull(),
    /** Variant id → share of the treated members it was given. */
    shares: jsonb().$type<Record<string, number>>().notNull(),
    actorKind: auditActorKind().notNull(),
    actorId: uuid(),
    elapsedMs: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.campaignId, t.runNumber)],
);

/**
 * Who a run reached: a treated member with an offer (variant, unique code, validity) or a control member
 * (no variant, no code, nothing sent). `send_at` is when the offer goes out, or for control members when
 * it would have: both groups' attribution windows start there.
 */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    // No foreign keys here or on campaign_messages: one INSERT of a launch writes these rows from the
    // members table and beside the campaign, run and variant rows they name, under the campaign's lock;
    // campaigns are never deleted, nor are members (erasure pseudonymizes in place, as for
    // member_predictions). The keys' per-row checks took 3-4 s of a 10-11 s launch to 100,000 members, the
    // two member keys alone about 1.4 s (npm run bench, EXPLAIN ANALYZE; docs/benchmarks.md).
    campaignId: uuid().notNull(),
    runId: uuid().notNull(),
    memberId: uuid().notNull(),
    control: boolean().notNull(),
    variantId: uuid(),
    code: text().unique(),
    sendAt: timestamp({ withTimezone: true }).notNull(),
    validUntil: timestamp({ withTimezone: true }),
    redeemedAt: timestamp({ withTimezone: true }),
    /** What the redemption cost the brand (the reward's cost when redeemed). */
    costMinor: bigint({ mode: "number" }),
    /** The receipt the offer was redeemed on, when it came with one. */
    redemptionReference: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.runId, t.memberId),
    index("campaign_recipients_member_idx").on(t.memberId, t.sendAt),
    index().on(t.campaignId, t.variantId),
    check("campaign_recipients_offer", sql`${t.control} = (${t.variantId} is null) and ${t.control} = (${t.code} is null)`),
  ],
);

/**
 * The delivery outbox: one row per treated recipient and channel, written by the launch in its transaction.
 * `lib/campaigns/deliver.ts` claims due rows with a lease; the row's id makes each message's identity
 * (e-mail Message-ID, webhook event) the same on every attempt. Nothing rendered is stored: the text is
 * made from the template and the member at sending (and, for the in-app inbox, at reading), so erasure
 * leaves no copy of a name here.
 */
export const campaignMessages = pgTable(
  "campaign_messages",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    /** The recipient row (no foreign key: see campaign_recipients). */
    recipientId: bigint({ mode: "number" }).notNull(),
    memberId: uuid().notNull(),
    channel: campaignChannel().notNull(),
    locale: uiLocale().notNull(),
    status: campaignMessageStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** When the next attempt is due; while an attempt runs, the end of its lease. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    /** In-app inbox: when the member opened it. */
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.recipientId, t.channel),
    index("campaign_messages_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("campaign_messages_inbox_idx").on(t.memberId, t.sentAt).where(sql`${t.channel} = 'in_app' and ${t.status} = 'sent'`),
  ],
);

/** The learning allocation's state over time: each variant's posterior and share, written after every update. */
export const campaignAllocations = pgTable(
  "campaign_allocations",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    variantId: uuid()
      .notNull()
      .references(() => campaignVariants.id, { onDelete: "cascade" }),
    at: timestamp({ withTimezone: true }).notNull(),
    sent: integer().notNull(),
    redeemed: integer().notNull(),
    /** Beta posterior of the redemption rate: alpha = 1 + redeemed, beta = 1 + sent - redeemed. */
    alpha: doublePrecision().notNull(),
    beta: doublePrecision().notNull(),
    probabilityBest: doublePrecision().notNull(),
    share: doublePrecision().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.campaignId, t.at)],
);
