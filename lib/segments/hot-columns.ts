import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/**
 * The member_features columns copied to member_hot_features (db/schema/features.ts; the copy is kept by
 * triggers, migration 0031): scope and profile (status, home store, joined, birth date), the RFM figures,
 * purchases by channel, the recency of engagement, app opens and email opens, and the points balance.
 */
export const HOT_COLUMNS: ReadonlySet<string> = new Set([
  "member_id",
  "status",
  "home_store_id",
  "joined_at",
  "birth_date",
  "purchases",
  "purchases_90d",
  "purchases_pos",
  "purchases_online",
  "purchases_app",
  "net_spend_minor",
  "spend_90d_minor",
  "spend_365d_minor",
  "line_sales_minor",
  "last_purchase_at",
  "last_engagement_at",
  "last_app_open_at",
  "last_email_open_at",
  "points_balance",
]);

const dialect = new PgDialect();

/**
 * The table a query over member_features `f` can read: member_hot_features when every `f.<column>` its parts
 * mention is one of HOT_COLUMNS (a quarter of the pages to scan), else member_features itself.
 *
 * Read off the rendered SQL rather than tracked through the compiler: the compiler writes identifiers only
 * from lib/segments/columns.ts and every value as a parameter, so the text names every column the query
 * touches, whichever path of the compiler (field, event shortcut, category share, nested segment) put it
 * there, and a column added to the compiler later cannot be missed.
 */
export function featureTableFor(...parts: SQL[]): SQL {
  const text = dialect.sqlToQuery(sql.join(parts, sql` `)).sql;
  const used = [...text.matchAll(/\bf\.(\*|[a-z_0-9]+)/g)].map((m) => m[1]!);
  return sql.raw(used.every((c) => HOT_COLUMNS.has(c)) ? "member_hot_features" : "member_features");
}
