import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffRole, uiLocale } from "./enums";
import { stores } from "./stores";

export const staffUsers = pgTable("staff_users", {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull().unique(),
  name: text().notNull(),
  /** bcrypt hash; the plain password is never stored or logged. */
  passwordHash: text().notNull(),
  role: staffRole().notNull(),
  locale: uiLocale().notNull().default("en"),
  active: boolean().notNull().default(true),
  lastLoginAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The stores a store manager may reach; admins and marketers reach all stores and have no rows here. */
export const staffUserStores = pgTable(
  "staff_user_stores",
  {
    staffUserId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffUserId, t.storeId] })],
);

/** Sign-in attempts, kept to slow down and refuse password guessing per account and per address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    ip: text(),
    success: boolean().notNull(),
    /** Set when an admin unlocked the account: cleared failures no longer count towards a lockout. */
    clearedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.createdAt), index().on(t.ip, t.createdAt)],
);

/**
 * Sessions ended by a sign-out. Sessions are stateless JWTs: without this list, a session cookie re-issued by
 * a request still in flight during the sign-out (or any copy of the cookie) would keep working until it
 * expires. Rows can go once `expiresAt` (the session's own expiry) has passed.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text().primaryKey(),
    staffUserId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.expiresAt)],
);
