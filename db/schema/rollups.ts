import { bigint, date, integer, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { currency, salesChannel } from "./enums";
import { stores } from "./stores";

/**
 * Sales per program-local day, store and channel, kept current by a statement-level trigger on
 * `transactions` (migration 0001), so the overview reads a few thousand rows instead of millions.
 * Returns are included with their negative totals: revenue here is net revenue.
 */
export const salesDaily = pgTable(
  "sales_daily",
  {
    day: date({ mode: "string" }).notNull(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    channel: salesChannel().notNull(),
    currency: currency().notNull(),
    transactions: integer().notNull(),
    returns: integer().notNull(),
    revenueMinor: bigint({ mode: "number" }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.storeId, t.channel, t.currency] })],
);
