import { sql } from "drizzle-orm";
import { awardHistoricalPoints, seedLoyaltyProgram } from "../../lib/loyalty/seed";
import { seedConsents } from "../../lib/privacy/seed-consents";
import type { Db, DbHandle } from "../client";
import { rebuildMemberFeatures } from "../queries/features/refresh";
import type { HistoryCounts } from "../queries/loyalty/history";
import { escapeLike, selectRows } from "../sql";
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
  /**
   * False: the real demo is configured (rules, tiers, rewards, consents) but its history earns no points.
   * Crediting 9.4M receipts of a 1M-member program takes longer than the load itself, and the benchmarks
   * that do not read points (`npm run bench -- --history-points no`) need not wait for it. Default true.
   */
  historyPoints?: boolean;
}

export interface SeedDemoResult {
  /** Rows written per table. */
  rows: TableCounts;
  /** The real demo's loyalty program and consents (absent for a tagged run). */
  living?: LivingProgramCounts;
  elapsedMs: number;
  rowsPerSecond: number;
}

/** Filled from the loaded receipts and events once the load has committed (db/queries/features). */
const FEATURE_TABLES = ["public.member_features", "public.member_category_features"] as const;
/** Written by seedLivingProgram: the points ledger and the consents. */
const LIVING_TABLES = [
  "public.points_lots",
  "public.points_entries",
  "public.member_points",
  "public.tier_progress",
  "public.consent_events",
  "public.member_consents",
] as const;

/**
 * After the real demo's bulk load, VACUUM sets the visibility map, without which PostgreSQL will not use
 * index-only scans (the overview's member figures fell back to a 3 s sequential scan at 1M members).
 * It cannot run inside a transaction, so it follows the load's commit.
 */
async function vacuumBulkTables(handle: DbHandle): Promise<void> {
  for (const table of [...BULK_TABLES, ...FEATURE_TABLES, ...LIVING_TABLES]) await handle.db.execute(sql.raw(`vacuum (analyze) ${table}`));
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

export interface LivingProgramCounts {
  /** False when the default program already had earning rules (left as they were). */
  configured: boolean;
  points: HistoryCounts;
  consentEvents: number;
  elapsedMs: number;
}

/** One line for the seeding scripts: "Loyalty: ... receipts credited with ... points ...". */
export function describeLivingProgram(living: LivingProgramCounts): string {
  const n = (value: number) => value.toLocaleString("en");
  return (
    `Loyalty: ${living.configured ? "rules, tiers and rewards configured; " : ""}${n(living.points.receipts)} receipts credited ` +
    `(${n(living.points.entries)} ledger entries, ${n(living.points.returns)} returns) for ${n(living.points.members)} members; ` +
    `${n(living.consentEvents)} consent events; ${(living.elapsedMs / 1000).toFixed(1)} s`
  );
}

const DEFAULT_PROGRAM_HAS_RULES = sql`exists (select 1 from earning_rules r join loyalty_programs p on p.id = r.program_id where p.code = 'default')`;

/**
 * Whether the database holds the demo (program_settings.demo) while the default loyalty program has no
 * earning rules: a demo seeded before the generator configured loyalty, which seedLivingProgram completes.
 */
export async function livingProgramMissing(db: Db): Promise<boolean> {
  const [row] = await selectRows<{ missing: boolean }>(
    db,
    sql`select exists (select 1 from program_settings where demo) and not ${DEFAULT_PROGRAM_HAS_RULES} as missing`,
  );
  return row?.missing === true;
}

/**
 * Makes the generated history a living loyalty program: the default program's rules, tiers and rewards
 * (seedLoyaltyProgram, unless it has rules already), the history's points credited as of `now`
 * (awardHistoricalPoints: only sales without points, so a rerun adds nothing), and consents for members
 * who have none (seedConsents). Each step keeps to what is missing, so it completes a half-seeded demo.
 */
export async function seedLivingProgram(db: Db, options: { seed: number; now: Date; historyPoints?: boolean }): Promise<LivingProgramCounts> {
  const started = performance.now();
  const [configured] = await selectRows<{ yes: boolean }>(
    db,
    sql`select ${DEFAULT_PROGRAM_HAS_RULES} as yes`,
  );
  if (!configured?.yes) await seedLoyaltyProgram(db);
  const points = options.historyPoints === false ? { receipts: 0, entries: 0, returns: 0, expiredLots: 0, members: 0 } : await awardHistoricalPoints(db, { now: options.now });
  const consentEvents = await seedConsents(db, { seed: options.seed, now: options.now });
  return { configured: !configured?.yes, points, consentEvents, elapsedMs: performance.now() - started };
}

/** The ids of a tagged run's members (external ids `<tag>-M…`, generate.ts), in id order. */
export async function taggedMemberIds(db: Db, tag: string): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(db, sql`select id from members where external_id like ${`${tag}-M%`} order by id`);
  return rows.map((r) => r.id);
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
  const asOf = options.end ?? new Date();
  // The real demo is a living program: loyalty configuration, points for its history, consents. A tagged
  // run shares its database with tests that configure programs of their own, so it stays bare.
  const living = options.tag === undefined ? await seedLivingProgram(handle.db, { seed: options.seed, now: asOf, historyPoints: options.historyPoints }) : undefined;
  // Member features as of the end of the generated period (the segments and models read them): for the
  // whole program, or only for a tagged run's own members (external ids start with the tag).
  const tagged = options.tag === undefined ? undefined : sql`m.external_id LIKE ${`${escapeLike(options.tag)}-%`}`;
  await rebuildMemberFeatures(handle.db, asOf, { members: tagged });
  if (options.tag === undefined) await vacuumBulkTables(handle);
  const elapsedMs = performance.now() - started;
  const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
  return { rows, living, elapsedMs, rowsPerSecond: total / (elapsedMs / 1000) };
}
