import { boolean, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { currency } from "./enums";

/**
 * One row: the program's own settings. `timezone` decides which calendar day a purchase counts for in
 * rollups and reports; `demo` marks a database filled by the demo generator (the login page then lists
 * the demo users).
 */
export const programSettings = pgTable("program_settings", {
  id: smallint().primaryKey().default(1),
  name: text().notNull(),
  currency: currency().notNull(),
  timezone: text().notNull().default("UTC"),
  demo: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
