import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { categories, products } from "./catalog";
import { currency, salesChannel, transactionKind } from "./enums";
import { members } from "./members";
import { stores } from "./stores";

/**
 * A receipt. `source` + `externalId` is the sender's own receipt number, unique per source, so that a
 * receipt sent twice is stored once. Returns are rows of kind `return` with negative totals that point at
 * the original sale.
 */
export const transactions = pgTable(
  "transactions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid().references(() => members.id),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    channel: salesChannel().notNull(),
    kind: transactionKind().notNull().default("sale"),
    originalTransactionId: bigint({ mode: "number" }),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    currency: currency().notNull(),
    /** What the member paid, after discounts, in minor units (cents). */
    totalMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    itemCount: integer().notNull(),
    source: text().notNull(),
    externalId: text().notNull(),
    /**
     * For a member's sale: the times of the same member's previous and second-previous sale (any store),
     * kept by a trigger (migration 0005). They make "members with a sale in a window" a plain count of
     * sales whose previous sale lies before the window, instead of a distinct count over millions of rows.
     */
    prevSaleAt: timestamp({ withTimezone: true }),
    prev2SaleAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.source, t.externalId),
    index().on(t.memberId, t.occurredAt),
    index().on(t.occurredAt),
    index().on(t.storeId, t.occurredAt),
    // The overview's member figures (active members, repeat purchase rate) read only member sales in a time
    // window: these partial indexes answer them by index-only scans, for all stores (through the sale links)
    // and per store (a distinct count over the store's sales).
    index("transactions_overview_sales_idx")
      .on(t.occurredAt, t.prevSaleAt, t.prev2SaleAt)
      .where(sql`${t.kind} = 'sale' and ${t.memberId} is not null`),
    index("transactions_overview_store_sales_idx")
      .on(t.storeId, t.occurredAt, t.memberId)
      .where(sql`${t.kind} = 'sale' and ${t.memberId} is not null`),
    // A member's latest sales, newest first, by an index-only backward scan: the receipt writer's "bought
    // before?" and previous-sale times, and the sale-links trigger's window start (migration 0021).
    index("transactions_member_sales_idx")
      .on(t.memberId, t.occurredAt)
      .where(sql`${t.kind} = 'sale'`),
    check("transactions_sign", sql`(${t.kind} = 'sale') = (${t.totalMinor} >= 0)`),
  ],
);

export const transactionLines = pgTable(
  "transaction_lines",
  {
    transactionId: bigint({ mode: "number" })
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
    lineNo: integer().notNull(),
    productId: uuid().references(() => products.id),
    sku: text().notNull(),
    categoryId: uuid().references(() => categories.id),
    quantity: integer().notNull(),
    /** Line amount paid after the line discount, in minor units. */
    amountMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.transactionId, t.lineNo] })],
);
