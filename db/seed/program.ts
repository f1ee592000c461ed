import { sql } from "drizzle-orm";
import type { DbHandle } from "../client";
import { rebuildMemberFeatures } from "../queries/features/refresh";
import { BULK_TABLES } from "./bulk-load";
import { planProgram } from "./plan";
import { writeProgram, type TableCounts, type WriteProgress } from "./write";

export interface SeedDemoOptions {
  members: number;
  months: number;
  seed: number;
  /** The generated period ends at this day's UTC midnight; today's by default. */
  end?: Date;
  /** Prefix of every unique key, for a run that shares its database with other data (tests); see GenerateOptions. */
  tag?: string;
  chunkSize?: number;
  writeBatchMembers?: number;
  onProgress?: (progress: WriteProgress) => void;
}

export interface SeedDemoResult {
  /** Rows written per table. */
  rows: TableCounts;
  elapsedMs: number;
  rowsPerSecond: number;
}

/** Filled from the loaded receipts and events once the load has committed (db/queries/features). */
const FEATURE_TABLES = ["public.member_features", "public.member_category_features"] as const;

/**
 * After the real demo's bulk load, VACUUM sets the visibility map, without which PostgreSQL will not use
 * index-only scans (the overview's member figures fell back to a 3 s sequential scan at 1M members).
 * It cannot run inside a transaction, so it follows the load's commit.
 */
async function vacuumBulkTables(handle: DbHandle): Promise<void> {
  for (const table of [...BULK_TABLES, ...FEATURE_TABLES]) await handle.db.execute(sql.raw(`vacuum (analyze) ${table}`));
}

export function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** True once the database holds a program (demo or real): its settings row exists. */
export async function isSeeded(handle: DbHandle): Promise<boolean> {
  const [row] = await handle.rawTransaction((raw) => raw.query<{ seeded: boolean }>("select exists (select 1 from program_settings) as seeded"));
  return row?.seeded === true;
}

/**
 * Generates the demo program and writes it in one transaction. An untagged run is the real demo and
 * refuses a database that already holds a program; a tagged run adds its uniquely keyed rows to whatever
 * is there.
 */
export async function seedDemoProgram(handle: DbHandle, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  if (options.tag === undefined && (await isSeeded(handle))) {
    throw new Error("the database already holds a program; seed the demo into an empty database");
  }
  const plan = planProgram({
    members: options.members,
    months: options.months,
    seed: options.seed,
    end: options.end ?? todayUtc(),
    tag: options.tag,
    chunkSize: options.chunkSize,
    writeBatchMembers: options.writeBatchMembers,
  });
  const rows = await writeProgram(handle, plan, options.onProgress);
  // Member features as of the end of the generated period (the segments and models read them): for the
  // whole program, or only for a tagged run's own members (external ids start with the tag).
  const asOf = options.end ?? new Date();
  const tagged = options.tag === undefined ? undefined : sql`m.external_id LIKE ${`${options.tag.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`}`;
  await rebuildMemberFeatures(handle.db, asOf, { members: tagged });
  if (options.tag === undefined) await vacuumBulkTables(handle);
  const elapsedMs = performance.now() - started;
  const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
  return { rows, elapsedMs, rowsPerSecond: total / (elapsedMs / 1000) };
}
