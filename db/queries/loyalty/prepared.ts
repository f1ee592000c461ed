import "server-only";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "../../client";

const dialect = new PgDialect({ casing: "snake_case" });

/**
 * Runs a statement as a prepared statement. `db.execute` sends an unnamed statement that PostgreSQL parses
 * and plans on every call; the ledger's hot statements (a few big CTEs per receipt) spent more time being
 * planned than executed. Prepared, postgres.js keeps them per connection (keyed by their text, the same
 * for every receipt: the data travels as one jsonb parameter) and PostgreSQL reuses the plan. PGlite runs
 * them as usual. `text` with $1..$n placeholders skips building the query from a template on every call.
 */
export async function selectPrepared<T>(db: Db, query: SQL | { text: string; params: unknown[] }): Promise<T[]> {
  const built = "text" in query ? { sql: query.text, params: query.params } : dialect.sqlToQuery(query);
  const result: unknown = await db._.session.prepareQuery(built, undefined, "loyalty", false).execute();
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
