import { sql, type SQL } from "drizzle-orm";
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

/**
 * A number in [0, 1) from 8 hex digits of `hex` (an md5, say) starting at `start`: a draw that is the same
 * every time for the same input, for stable random splits and generated data.
 */
export function unitFromHex(hex: SQL, start = 1): SQL {
  return sql`(('x' || substr(${hex}, ${sql.raw(String(start))}, 8))::bit(32)::bigint / 4294967296.0)`;
}

/**
 * A jsonb column read by raw SQL: postgres.js parses it, PGlite can hand the text over; this gives the value
 * either way.
 */
export function jsonColumn<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

/**
 * selectRows for an interactive scan (a segment's live size or profile, asked for while a marketer edits):
 * in a transaction of its own with JIT off. Such a query costs enough to pass PostgreSQL's jit_above_cost
 * at a large program, and compiling it took 50-80 ms of a 400 ms count at 1M members (docs/segments.md,
 * "Counts and profile"); JIT pays on long analytical statements, not on one scan a person waits for. Each
 * call has its own transaction, so calls made together still run on separate pooled connections.
 */
export async function selectInteractiveRows<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return selectRows<T>(tx, query);
  });
}

/** `text` inside a LIKE pattern: its wildcards (% and _) and the escape character (\) matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
