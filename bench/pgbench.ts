import { execFile } from "node:child_process";
import { promisify } from "node:util";
import postgres from "postgres";

const run = promisify(execFile);

export interface PgbenchResult {
  clients: number;
  seconds: number;
  tps: number;
  latencyAvgMs: number;
}

/**
 * pgbench's built-in TPC-B-like script on the same server, as the yardstick for ingestion: what this machine's
 * PostgreSQL does with small write transactions at the same concurrency. Runs in its own scratch database
 * (`loyalist_bench_pgbench`), initialised at scale 10 unless it is already there.
 */
export async function runPgbench(baseUrl: string, options: { clients: number; seconds: number; threads?: number }): Promise<PgbenchResult> {
  const name = "loyalist_bench_pgbench";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  let fresh = false;
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await admin.unsafe(`create database ${name}`);
      fresh = true;
    }
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const target = url.toString();
  if (fresh) await run("pgbench", ["-i", "-q", "-s", "10", target], { maxBuffer: 1 << 24 });
  const { stdout } = await run(
    "pgbench",
    ["-c", String(options.clients), "-j", String(options.threads ?? 2), "-T", String(options.seconds), target],
    { maxBuffer: 1 << 24 },
  );
  return { clients: options.clients, seconds: options.seconds, ...parsePgbenchOutput(stdout) };
}

/** Reads "tps = 1234.5 (without initial connection time)" and "latency average = 25.9 ms" from pgbench. */
export function parsePgbenchOutput(stdout: string): { tps: number; latencyAvgMs: number } {
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  const latency = /latency average = ([\d.]+) ms/.exec(stdout);
  if (!tps || !latency) throw new Error(`Unexpected pgbench output:\n${stdout}`);
  return { tps: Number(tps[1]), latencyAvgMs: Number(latency[1]) };
}
