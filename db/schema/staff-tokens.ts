import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffUsers } from "./staff";

export const passwordTokenPurpose = pgEnum("password_token_purpose", ["invite", "reset"]);

/**
 * One-time links to set a password (an invitation, or a reset an admin issued). Only the SHA-256 of the
 * token is stored: the link is shown once to the admin, and a database read does not yield a usable link.
 */
export const staffPasswordTokens = pgTable(
  "staff_password_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    staffUserId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    purpose: passwordTokenPurpose().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.staffUserId)],
);
