/**
 * `npm run bench -- --members 1000000 [--months 24] [--seed 1] [--requests 20] [--fresh] [--port 3200]
 *   [--only pages,pgbench,ingest,segments,btyd,churn,campaigns,offers] [--ingest-receipts 5000] [--ingest-batches 20] [--jobs-in-server] [--train-cutoffs 5] [--no-build]
 *   [--history-points no] [--offers-requests 500]`   (--help prints this and exits)
 *
 * Generates a program at the given scale into its own database (loyalist_bench_<members> on the server of
 * DATABASE_URL, or a PGlite directory under .data/ without it), then measures the figures the issues name.
 * The data are kept between runs; --fresh regenerates them (and so measures the generator again).
 * --history-points no leaves the generated history without points (crediting it takes longer than the load
 * at 1M members; the segments, churn and BTYD sections do not read points, the ingest section does not need them).
 */
import path from "node:path";
import { existsSync, rmSync } from "node:fs";
import postgres from "postgres";
import { openDatabase, type DbHandle, type OpenOptions } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { describeLivingProgram, isSeeded, seedDemoProgram } from "../db/seed/program";
import { argValue, ensureAuthSecret, runNext } from "../scripts/runtime";
import { BenchServer, BenchWorker } from "./app-server";
import { formatBtydBench, runBtydBench } from "./btyd";
import { memberFeaturesNeverBuilt, rebuildMemberFeatures } from "../db/queries/features/refresh";
import { batches, ingestFixtures, singleReceipts } from "./ingest";
import { benchFeatureRefresh, benchSegmentCounts, printSegmentBench } from "./segments";
import { formatChurnBench, runChurnBench } from "./churn";
import { runCampaignLaunchBench, runCampaignSimulationBench } from "./campaigns";
import { benchApiKey } from "./api-key";
import { formatHttpOffers, formatOffersBench, runOffersBench, timeOffersOverHttp } from "./offers";
import { runPgbench } from "./pgbench";
import { fmtMs, median, percentile } from "./stats";

const members = Number(argValue("members", "100000"));
const months = Number(argValue("months", "24"));
const seed = Number(argValue("seed", "1"));
const requests = Number(argValue("requests", "20"));
const port = Number(argValue("port", "3200"));
const fresh = process.argv.includes("--fresh");
const ingestReceipts = Number(argValue("ingest-receipts", "5000"));
const ingestBatches = Number(argValue("ingest-batches", "20"));

/** The bench's own database next to DATABASE_URL's, created when missing (or recreated with --fresh). */
async function benchDatabase(): Promise<{ open: OpenOptions; env: Record<string, string>; label: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = path.join(process.cwd(), ".data", `bench-pglite-${members}`);
    if (fresh && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    return { open: { dataDir: dir }, env: { PGLITE_DATA_DIR: dir }, label: `PGlite ${dir}` };
  }
  const url = new URL(base);
  const name = `loyalist_bench_${members}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    if (fresh) await admin.unsafe(`drop database if exists ${name} with (force)`);
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database ${name}`);
    // The server's settings that move these figures most, printed so that a run can be repeated.
    const settings = await admin<{ name: string; setting: string }[]>`
      select name, current_setting(name) as setting from pg_settings
       where name in ('server_version', 'shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather') order by name`;
    console.log(`PostgreSQL: ${settings.map((s) => `${s.name} ${s.setting}`).join(", ")}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return { open: { url: url.toString() }, env: { DATABASE_URL: url.toString() }, label: `PostgreSQL ${name}` };
}

async function generate(open: OpenOptions): Promise<void> {
  const handle = await openDatabase(open);
  try {
    await migrateDatabase(handle);
    if (await isSeeded(handle)) {
      console.log("generator: data already there (run with --fresh to measure the generator)");
    } else {
      const result = await seedDemoProgram(handle, { members, months, seed, historyPoints: argValue("history-points", "yes") !== "no" });
      const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
      console.log(`generator: ${rows.toLocaleString("en")} rows in ${(result.elapsedMs / 1000).toFixed(1)} s = ${Math.round(rows / (result.elapsedMs / 1000)).toLocaleString("en")} rows/s`);
      for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table}: ${n.toLocaleString("en")}`);
      if (result.living) console.log(`  ${describeLivingProgram(result.living)}`);
    }
  } finally {
    await handle.close();
  }
}

export function report(label: string, samples: number[], goalMs?: number): void {
  const med = median(samples);
  const goal = goalMs === undefined ? "" : `  (goal < ${goalMs} ms: ${med < goalMs ? "met" : "NOT met"})`;
  console.log(`${label}: median ${fmtMs(med)}, p95 ${fmtMs(percentile(samples, 95))}, n=${samples.length}${goal}`);
}

/** What every section gets: how to open the bench database, and the environment a server on it needs. */
export interface BenchContext {
  open: OpenOptions;
  env: NodeJS.ProcessEnv;
  baseUrl: string | undefined;
}

let built = false;

/** A production server on the bench database, built from the current sources once per run (--no-build reuses .next). */
async function withServer<T>(context: BenchContext, body: (server: BenchServer) => Promise<T>, options: { worker?: boolean; jobs?: boolean } = {}): Promise<T> {
  const secret = ensureAuthSecret();
  const reuse = process.argv.includes("--no-build") && existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
  if (!built && !reuse) {
    const code = await runNext(["build"]);
    if (code !== 0) throw new Error("next build failed");
  }
  built = true;
  const env = { ...context.env, AUTH_SECRET: secret };
  // With a worker, the server answers requests only and the jobs (feature queue, webhooks, scoring) run beside it.
  const worker = options.worker ? BenchWorker.start(env) : null;
  const server = await BenchServer.start({ port, env: worker || options.jobs === false ? { ...env, JOBS_ENABLED: "false" } : env });
  try {
    return await body(server);
  } finally {
    server.stop();
    worker?.stop();
  }
}

async function pagesSection(context: BenchContext): Promise<void> {
  await withServer(context, async (server) => {
    const marketer = DEMO_USERS.find((u) => u.role === "marketer");
    if (!marketer) throw new Error("no demo marketer");
    await server.signIn(marketer.email, DEMO_PASSWORD);
    console.log(`\nServer time per page (whole response on loopback, ${requests} requests after a warm-up):`);
    report("overview (last 90 days, all stores)", await server.timeGet("/overview", requests), 500);
    report("members list (first page)", await server.timeGet("/members", requests), 300);
    report("members list (search)", await server.timeGet("/members?q=anna", requests));
  });
}

async function pgbenchSection(context: BenchContext): Promise<void> {
  if (!context.baseUrl) {
    console.log("\npgbench: skipped (needs DATABASE_URL: pgbench runs against a PostgreSQL server)");
    return;
  }
  const result = await runPgbench(context.baseUrl, { clients: 32, seconds: 20 });
  console.log(`\npgbench TPC-B-like, ${result.clients} clients, ${result.seconds} s: ${result.tps.toFixed(0)} tps, average latency ${fmtMs(result.latencyAvgMs)}`);
}

/**
 * Issue 3: receipts through the public API (single, 32 clients; batches of 1,000), beside pgbench's TPC-B-like
 * run on the same server in the same run, as a ratio.
 */
async function ingestSection(context: BenchContext): Promise<void> {
  if (!context.baseUrl) {
    console.log("\ningestion: skipped (needs DATABASE_URL: compared with pgbench on the same server)");
    return;
  }
  const url = context.env.DATABASE_URL;
  if (!url) throw new Error("no bench database URL");
  const fixtures = await ingestFixtures(url);
  const pg = await runPgbench(context.baseUrl, { clients: 32, seconds: 20 });
  console.log(`\nIngestion through /api/v1, jobs ${process.argv.includes("--jobs-in-server") ? "in the server process" : "in a worker beside it"} (pgbench TPC-B-like on the same server, 32 clients, 20 s: ${pg.tps.toFixed(0)} tps, average ${fmtMs(pg.latencyAvgMs)})`);
  await withServer(context, async (server) => {
    const single = await singleReceipts(server.baseUrl, fixtures, { clients: 32, total: ingestReceipts });
    const ratio = single.perSecond / pg.tps;
    console.log(
      `single receipts, 32 clients, ${single.requests} requests (${single.failures} failed): ${single.perSecond.toFixed(0)}/s = ${ratio.toFixed(2)} x pgbench, ` +
        `p50 ${fmtMs(single.p50Ms)}, p99 ${fmtMs(single.p99Ms)}  (goal >= 0.5 x and p99 < 50 ms: ${ratio >= 0.5 && single.p99Ms < 50 ? "met" : "NOT met"})`,
    );
    const batch = await batches(server.baseUrl, fixtures, { clients: 2, batches: ingestBatches, size: 1000 });
    console.log(
      `batches of 1,000, 2 clients, ${batch.requests} batches (${batch.failures} failed): ${batch.receiptsPerSecond.toFixed(0)} receipts/s, ` +
        `p50 ${fmtMs(batch.p50Ms)}, p99 ${fmtMs(batch.p99Ms)} per batch  (goal >= 20,000 receipts/s: ${batch.receiptsPerSecond >= 20_000 ? "met" : "NOT met"})`,
    );
  }, { worker: !process.argv.includes("--jobs-in-server") });
}

/**
 * Member features built in full once on a fresh bench database (segments count over them; the churn
 * re-score reads the churn inputs kept with them), or on one generated before member_churn_features.
 */
async function buildMemberFeaturesOnce(handle: DbHandle): Promise<void> {
  if (!(await memberFeaturesNeverBuilt(handle.db))) return;
  const started = performance.now();
  const result = await rebuildMemberFeatures(handle.db, new Date());
  console.log(`\nmember features and churn inputs, full build: ${result.members.toLocaleString("en")} members in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Issue 4: live segment counts beside hand-written SQL, and the cost of keeping member features current. */
async function segmentsSection(context: BenchContext): Promise<void> {
  const handle = await openDatabase(context.open);
  try {
    await buildMemberFeaturesOnce(handle);
    const now = new Date();
    console.log("\nSegments:");
    printSegmentBench(await benchSegmentCounts(handle, { runs: requests, now }), await benchFeatureRefresh(handle, { runs: requests, now }));
  } finally {
    await handle.close();
  }
}

async function btydSection(): Promise<void> {
  console.log("\nBTYD fit on compressed statistics (simulated customers; CPU seconds):");
  for (const line of formatBtydBench(runBtydBench([10_000, 100_000, 1_000_000]))) console.log(line);
}

/** Churn model training and a full re-score on the bench data (docs/churn.md, "Scoring"); --train-cutoffs as the product's default. */
async function churnSection(context: BenchContext): Promise<void> {
  const handle = await openDatabase(context.open);
  try {
    await buildMemberFeaturesOnce(handle);
    const cutoffs = Number(argValue("train-cutoffs", "5"));
    console.log(`\nChurn model on ${members.toLocaleString("en")} members (wall time):`);
    for (const line of formatChurnBench(await runChurnBench(handle.db, { now: new Date(), trainCutoffs: cutoffs }))) console.log(line);
  } finally {
    await handle.close();
  }
}

/** Campaigns that learn: the targeting and variant simulation on the bench members (docs/campaigns-learning.md). */
async function campaignsSection(context: BenchContext): Promise<void> {
  const handle = await openDatabase(context.open);
  try {
    await buildMemberFeaturesOnce(handle);
    console.log(`\nCampaign simulation on ${members.toLocaleString("en")} members (offers drawn against the generator's true propensities):`);
    for (const line of await runCampaignSimulationBench(handle.db)) console.log(line);
    console.log(`\nCampaign launch on ${members.toLocaleString("en")} members (wall time):`);
    for (const line of await runCampaignLaunchBench(handle.db)) console.log(line);
  } finally {
    await handle.close();
  }
}

/** Issue 7: the offers endpoint's latency for random members (bench/offers.ts). */
async function offersSection(context: BenchContext): Promise<void> {
  const handle = await openDatabase(context.open);
  try {
    await buildMemberFeaturesOnce(handle);
    console.log(`\nNext best offers and recommendations on ${members.toLocaleString("en")} members (wall time per answer):`);
    const result = await runOffersBench(handle.db, { requests: Number(argValue("offers-requests", "500")), now: new Date() });
    for (const line of formatOffersBench(result)) console.log(line);
    const token = await benchApiKey(handle.db, { name: "bench offers", channels: ["pos", "app"] });
    // No jobs in the server: its first pass would retrain and rescore a million members under the measurement.
    await withServer(context, async (server) => console.log(formatHttpOffers(await timeOffersOverHttp(server.baseUrl, token, result.externalIds))), { jobs: false });
  } finally {
    await handle.close();
  }
}

/** The sections, in the order they run; `--only pages,pgbench` runs a subset. */
const SECTIONS: Record<string, (context: BenchContext) => Promise<void>> = {
  pages: pagesSection,
  pgbench: pgbenchSection,
  ingest: ingestSection,
  segments: segmentsSection,
  btyd: btydSection,
  churn: churnSection,
  campaigns: campaignsSection,
  offers: offersSection,
};

const USAGE = `npm run bench -- [--members 100000] [--months 24] [--seed 1] [--requests 20] [--fresh] [--port 3200]
  [--only ${"pages,pgbench,ingest,segments,btyd,churn,campaigns,offers"}] [--ingest-receipts 5000] [--ingest-batches 20]
  [--jobs-in-server] [--train-cutoffs 5] [--no-build] [--history-points no] [--offers-requests 500]
Generates (once) a program of --members members into its own database (loyalist_bench_<members> beside
DATABASE_URL, else a PGlite directory under .data/), then runs the chosen sections (all by default).`;

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const only = argValue("only", "");
  const chosen = only ? only.split(",") : Object.keys(SECTIONS);
  const unknown = chosen.filter((name) => !(name in SECTIONS));
  if (unknown.length) throw new Error(`Unknown section(s) ${unknown.join(", ")}; known: ${Object.keys(SECTIONS).join(", ")}`);

  const db = await benchDatabase();
  console.log(`Loyalist bench: ${members.toLocaleString("en")} members, ${months} months, seed ${seed} on ${db.label}\n`);
  await generate(db.open);
  const env: NodeJS.ProcessEnv = { ...process.env, ...db.env };
  if (!db.env.DATABASE_URL) delete env.DATABASE_URL;
  const context: BenchContext = { open: db.open, env, baseUrl: process.env.DATABASE_URL };
  for (const name of chosen) await SECTIONS[name]!(context);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
