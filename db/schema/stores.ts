import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currency, storeKind } from "./enums";

/** Physical stores and online shops. Online purchases book to a store of kind `online`. */
export const stores = pgTable("stores", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  kind: storeKind().notNull(),
  city: text(),
  countryCode: text().notNull(),
  currency: currency().notNull(),
  timezone: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
