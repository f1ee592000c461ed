import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { loyaltyPrograms } from "./loyalty";
import { staffUsers } from "./staff";
import { stores } from "./stores";

/** The channels an API key may send for: a till, the web shop, the app, social media. */
export const apiChannel = pgEnum("api_channel", ["pos", "online", "app", "social"]);
export type ApiChannel = (typeof apiChannel.enumValues)[number];

/**
 * Keys for the public API (`/api/v1`). The caller sends `lk_live_<publicId>_<secret>`; only the SHA-256 of
 * the secret is kept (see lib/api/keys.ts for why a fast hash is right for a 256-bit random secret).
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The non-secret part of the key, shown in lists and logs and used to find the row. */
    publicId: text().notNull().unique(),
    secretHash: text().notNull(),
    name: text().notNull(),
    /** Stored on what the key sends (engagement events' `source`), so a replacement key keeps de-duplicating. */
    source: text().notNull(),
    channels: apiChannel().array().notNull(),
    /** False: the key may act only for the stores in api_key_stores. */
    allStores: boolean().notNull().default(true),
    /**
     * The loyalty program the key's receipts, returns, redemptions and balance reads book in; null: the
     * default program. A second brand's tills get keys of their own program.
     */
    programId: uuid().references(() => loyaltyPrograms.id),
    /** Null: the default from API_RATE_LIMIT_PER_MINUTE. */
    rateLimitPerMinute: integer(),
    createdBy: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => staffUsers.id),
  },
  (t) => [index().on(t.createdAt)],
);

export const apiKeyStores = pgTable(
  "api_key_stores",
  {
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.storeId] })],
);

/**
 * The stored answer to a POST sent with an `Idempotency-Key` header, one per (API key, idempotency key).
 * The row is written in the same transaction as the request's own writes, so a stored answer always
 * matches what was written; the primary key makes a concurrent duplicate wait for the first to finish.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text().notNull(),
    /** Null only inside the transaction that is still running the request. */
    responseStatus: integer(),
    /** The exact JSON text sent the first time. */
    responseBody: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true })
      .notNull()
      .default(sql`now() + interval '24 hours'`),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index().on(t.expiresAt)],
);
