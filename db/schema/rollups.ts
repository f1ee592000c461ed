import { bigint, date, integer, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { currency, salesChannel } from "./enums";
import { stores } from "./stores";

/**
 * Sales per program-local day, store and channel, kept current by a statement-level trigger on
 * `transactions` (migration 0001), so the overview reads a few thousand rows instead of millions.
 * Sales and returns are kept apart: `salesMinor` sums sale receipts, `returnsMinor` sums return receipts
 * (zero or negative), so net revenue is their sum and the average basket is salesMinor / transactions.
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
    /** Number of sale receipts. */
    transactions: integer().notNull(),
    /** Number of return receipts. */
    returns: integer().notNull(),
    salesMinor: bigint({ mode: "number" }).notNull(),
    returnsMinor: bigint({ mode: "number" }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.storeId, t.channel, t.currency] })],
);
