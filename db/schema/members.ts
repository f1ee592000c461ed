import { sql } from "drizzle-orm";
import { date, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { identityKind, memberStatus, uiLocale } from "./enums";
import { stores } from "./stores";

export const members = pgTable(
  "members",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The brand's own member number (printed on the card); unique when present. */
    externalId: text().unique(),
    email: text(),
    phone: text(),
    firstName: text(),
    lastName: text(),
    birthDate: date({ mode: "string" }),
    postcode: text(),
    city: text(),
    countryCode: text(),
    locale: uiLocale().notNull().default("en"),
    homeStoreId: uuid().references(() => stores.id),
    joinedAt: timestamp({ withTimezone: true }).notNull(),
    status: memberStatus().notNull().default("active"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.homeStoreId, t.joinedAt),
    index().on(t.joinedAt),
    // Member counts on the overview exclude erased members: index-only scans over joins in a window.
    index("members_overview_joined_idx").on(t.joinedAt, t.homeStoreId).where(sql`${t.status} <> 'erased'`),
    // Trigram indexes answer "contains" searches on names and e-mail without scanning every member.
    index("members_search_name_trgm").using(
      "gin",
      sql`(coalesce(${t.firstName}, '') || ' ' || coalesce(${t.lastName}, '')) gin_trgm_ops`,
    ),
    index("members_email_trgm").using("gin", sql`${t.email} gin_trgm_ops`),
  ],
);

/**
 * Every identifier a member is known by in a channel (card number at the till, web account, app id, ...):
 * one profile across channels. A (kind, value) pair names at most one member.
 */
export const memberIdentities = pgTable(
  "member_identities",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: identityKind().notNull(),
    value: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.kind, t.value), index().on(t.memberId)],
);
