import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Runs raw SQL through Drizzle and returns its rows. postgres.js answers with an array, PGlite with
 * `{ rows }`; this hides the difference. Aggregates should be cast in SQL (`::int`, `::float8`) because
 * the drivers parse bigint and numeric differently.
 */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
