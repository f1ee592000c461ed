import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { engagementChannel, engagementType } from "./enums";
import { members } from "./members";

/** What members do besides buying: app opens, page and product views, e-mail opens and clicks, social. */
export const engagementEvents = pgTable(
  "engagement_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    channel: engagementChannel().notNull(),
    type: engagementType().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    source: text().notNull(),
    /** The sender's event id, unique per source: an event sent twice is stored once. */
    externalId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.source, t.externalId), index().on(t.memberId, t.occurredAt), index().on(t.occurredAt)],
);
