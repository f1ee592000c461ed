/**
 * Segment benchmarks (issue 4), for bench/run.ts and `npm run bench:segments`: the live count of a
 * 3-condition and of a 10-condition nested segment, each beside a hand-written SQL count of the same
 * condition on the same table, and the added cost per ingested receipt of keeping member features current.
 *
 * Imports query modules marked `server-only`: run under `tsx --conditions=react-server` (as the
 * bench:segments script does).
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import { FEATURE_QUEUE_ROUND } from "../db/queries/features/queue";
import { refreshMemberFeatures } from "../db/queries/features/refresh";
import { countSegmentMembers } from "../db/queries/segments-count";
import { selectInteractiveRows, selectRows } from "../db/sql";
import type { RuleNode } from "../lib/segments/rule";
import { fmtMs, median, percentile } from "./stats";
import { DAY_MS } from "../lib/time";

export interface Timing {
  medianMs: number;
  p95Ms: number;
  runs: number;
}

export interface CountBench {
  label: string;
  count: number;
  compiled: Timing;
  handWritten: Timing;
  /** compiled p95 / hand-written p95 (and the same for medians). */
  ratioP95: number;
  ratioMedian: number;
  goalP95Ms: number;
}

const timing = (samples: number[]): Timing => ({ medianMs: median(samples), p95Ms: percentile(samples, 95), runs: samples.length });

/** "Spent more than 200 in the last 90 days AND never bought online AND opened the app in the last 30 days". */
export const THREE_CONDITIONS: RuleNode = {
  all: [
    { field: "spend_90d", op: "gt", value: 20_000 },
    { event: "purchase", channel: "online", did: false },
    { event: "app_open", withinDays: 30 },
  ],
};

function threeConditionsByHand(now: Date): SQL {
  // The table the compiled count reads: every column here is a hot one (lib/segments/hot-columns.ts).
  return sql`SELECT count(*)::int AS n FROM member_hot_features
    WHERE status <> 'erased' AND spend_90d_minor > 20000 AND purchases_online = 0
      AND last_app_open_at >= ${new Date(now.getTime() - 30 * DAY_MS).toISOString()}::timestamptz`;
}

/** Ten conditions in nested groups: behaviour, channels, profile, a category share and an event. */
export function tenConditions(category: string): RuleNode {
  return {
    all: [
      { field: "purchases", op: "gte", value: 3 },
      {
        any: [
          { field: "recency_days", op: "lte", value: 60 },
          { all: [{ field: "spend_90d", op: "gt", value: 10_000 }, { field: "share_app", op: "gte", value: 0.3 }] },
        ],
      },
      { not: { field: "status", op: "in", value: ["inactive"] } },
      { any: [{ field: "age", op: "between", value: [25, 45] }, { field: "weekend_share", op: "gte", value: 0.5 }] },
      { category, op: "gte", value: 0.2 },
      { event: "email_open", withinDays: 90 },
      { field: "net_spend", op: "gt", value: 5_000 },
    ],
  };
}

function tenConditionsByHand(now: Date, category: string, timeZone: string): SQL {
  const ago = (days: number) => sql`${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`;
  // Age in whole years at the program-local date: 25..45 means born after today - 46 years, up to today - 25 years.
  const today = sql`(${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone})::date`;
  return sql`SELECT count(*)::int AS n FROM member_features f
    WHERE f.status <> 'erased' AND f.purchases >= 3
      AND (f.last_purchase_at > ${ago(61)} OR (f.spend_90d_minor > 10000 AND f.share_app >= 0.3))
      AND f.status <> 'inactive'
      AND ((f.birth_date <= (${today} - interval '25 years')::date AND f.birth_date > (${today} - interval '46 years')::date) OR f.weekend_share >= 0.5)
      AND EXISTS (SELECT 1 FROM member_category_features x
                   WHERE x.member_id = f.member_id AND x.category_id = (SELECT id FROM categories WHERE code = ${category}) AND x.share >= 0.2)
      AND f.last_email_open_at >= ${ago(90)}
      AND f.net_spend_minor > 5000`;
}

async function timeRuns(runs: number, fn: () => Promise<number>): Promise<{ samples: number[]; value: number }> {
  const samples: number[] = [];
  let value = Number.NaN;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = await fn();
    samples.push(performance.now() - started);
  }
  return { samples, value };
}

async function compare(db: DbHandle["db"], label: string, rule: RuleNode, byHand: SQL, runs: number, now: Date, goalP95Ms: number): Promise<CountBench> {
  const compiled = () => countSegmentMembers(db, { rule, scope: { kind: "all" }, now });
  // The same session settings as the compiled count (JIT off: selectInteractiveRows), so the ratio compares the SQL.
  const hand = async () => (await selectInteractiveRows<{ n: number }>(db, byHand))[0]?.n ?? 0;
  // One unmeasured warm-up each, then the two alternate so that drift in the machine's load hits both.
  const [a, b] = [await compiled(), await hand()];
  if (a !== b) throw new Error(`${label}: the compiled count ${a} differs from the hand-written ${b}`);
  const compiledSamples: number[] = [];
  const handSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    compiledSamples.push(...(await timeRuns(1, compiled)).samples);
    handSamples.push(...(await timeRuns(1, hand)).samples);
  }
  const c = timing(compiledSamples);
  const h = timing(handSamples);
  return { label, count: a, compiled: c, handWritten: h, ratioP95: c.p95Ms / h.p95Ms, ratioMedian: c.medianMs / h.medianMs, goalP95Ms };
}

/** The two live counts, `runs` times each (50 by the issue), beside their hand-written SQL. */
export async function benchSegmentCounts(handle: DbHandle, options: { runs?: number; now?: Date } = {}): Promise<CountBench[]> {
  const runs = options.runs ?? 50;
  const now = options.now ?? new Date();
  const [top] = await selectRows<{ code: string }>(
    handle.db,
    sql`SELECT c.code FROM member_category_features x JOIN categories c ON c.id = x.category_id GROUP BY c.code ORDER BY count(*) DESC LIMIT 1`,
  );
  const [{ tz }] = (await selectRows<{ tz: string }>(handle.db, sql`SELECT sales_daily_tz() AS tz`)) as [{ tz: string }];
  const category = top?.code ?? "coffee";
  return [
    await compare(handle.db, "3 conditions", THREE_CONDITIONS, threeConditionsByHand(now), runs, now, 150),
    await compare(handle.db, "10 conditions, nested", tenConditions(category), tenConditionsByHand(now, category, tz), runs, now, 400),
  ];
}

/**
 * The added cost per ingested receipt: for `runs` random members, a sale is inserted and the member's
 * features refreshed in one transaction that is then rolled back (the data stay as they were); the time of
 * refreshMemberFeatures alone is what keeping features current adds to the ingestion.
 */
export interface FeatureRefreshBench {
  /** One receipt's member refreshed alone (a queue round of one). */
  alone: Timing;
  /** Per receipt, in the queue job's rounds (FEATURE_QUEUE_ROUND members, each with a new receipt). */
  inRounds: Timing & { roundSize: number };
}

/**
 * The added cost of keeping member features current per ingested receipt: a receipt is inserted for a
 * sampled member and the member refreshed, alone (`runs` times) and in rounds of the queue job's size (a
 * few rounds); everything is rolled back.
 */
export async function benchFeatureRefresh(handle: DbHandle, options: { runs?: number; now?: Date; rounds?: number } = {}): Promise<FeatureRefreshBench> {
  const runs = options.runs ?? 50;
  const rounds = options.rounds ?? 5;
  const now = options.now ?? new Date();
  const picks = await selectRows<{ member_id: string; store_id: string }>(
    handle.db,
    sql`SELECT f.member_id, coalesce(f.home_store_id, (SELECT id FROM stores LIMIT 1)) AS store_id
          FROM member_features f TABLESAMPLE SYSTEM (1) WHERE f.purchases > 0 LIMIT ${runs + rounds * FEATURE_QUEUE_ROUND}`,
  );
  const rollback = new Error("rollback");
  let n = 0;
  /** Inserts a receipt for each member and times their refresh, in one transaction that is then rolled back. */
  const timed = async (members: typeof picks): Promise<number> => {
    let ms = Number.NaN;
    await handle.db
      .transaction(async (tx) => {
        for (const pick of members) {
          await tx.execute(sql`INSERT INTO transactions (member_id, store_id, channel, kind, occurred_at, currency, total_minor, item_count, source, external_id)
            VALUES (${pick.member_id}, ${pick.store_id}, 'pos', 'sale', ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz, 'EUR', 1234, 1, 'bench', ${`bench-${Date.now()}-${n++}`})`);
        }
        const started = performance.now();
        await refreshMemberFeatures(
          tx,
          members.map((m) => m.member_id),
          now,
        );
        ms = performance.now() - started;
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    return ms;
  };
  const alone: number[] = [];
  for (const pick of picks.slice(0, runs)) alone.push(await timed([pick]));
  const perReceipt: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const members = picks.slice(runs + r * FEATURE_QUEUE_ROUND, runs + (r + 1) * FEATURE_QUEUE_ROUND);
    if (members.length > 0) perReceipt.push((await timed(members)) / members.length);
  }
  return { alone: timing(alone), inRounds: { ...timing(perReceipt), roundSize: FEATURE_QUEUE_ROUND } };
}

export function printSegmentBench(counts: CountBench[], refresh: FeatureRefreshBench): void {
  for (const c of counts) {
    const met = c.compiled.p95Ms < c.goalP95Ms ? "met" : "NOT met";
    const ratio = c.ratioP95 <= 1.2 ? "met" : "NOT met";
    console.log(
      `segment live count, ${c.label} (${c.count.toLocaleString("en")} members): compiled median ${fmtMs(c.compiled.medianMs)}, p95 ${fmtMs(c.compiled.p95Ms)}` +
        ` | hand-written SQL median ${fmtMs(c.handWritten.medianMs)}, p95 ${fmtMs(c.handWritten.p95Ms)}` +
        ` | ratio p95 ${c.ratioP95.toFixed(2)} (median ${c.ratioMedian.toFixed(2)}), n=${c.compiled.runs}` +
        `  (goals: p95 < ${c.goalP95Ms} ms ${met}; ratio <= 1.2 ${ratio})`,
    );
  }
  const { alone, inRounds } = refresh;
  console.log(
    `keeping member features current, added per ingested receipt: its member refreshed alone median ${fmtMs(alone.medianMs)}, p95 ${fmtMs(alone.p95Ms)}, n=${alone.runs}` +
      ` | in the queue job's rounds of ${inRounds.roundSize} members median ${fmtMs(inRounds.medianMs)}, p95 ${fmtMs(inRounds.p95Ms)} a receipt, n=${inRounds.runs} rounds`,
  );
}
