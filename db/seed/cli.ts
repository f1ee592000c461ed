/**
 * `npm run db:seed -- --members N --months M --seed S [--end YYYY-MM-DD] [--chunk C]`
 *
 * Fills the database (DATABASE_URL, else PGlite in .data/pglite or PGLITE_DATA_DIR) with the demo program.
 * A database that already holds a program is left alone.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase } from "../client";
import { migrateDatabase } from "../migrate";
import { describeLivingProgram, isSeeded, seedDemoProgram, todayUtc } from "./program";

export { isSeeded, seedDemoProgram } from "./program";

export interface CliOptions {
  members: number;
  months: number;
  seed: number;
  end: Date;
  chunkSize?: number;
}

function integerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got "${text}"`);
  return value;
}

export function parseCliOptions(args: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      members: { type: "string" },
      months: { type: "string" },
      seed: { type: "string" },
      end: { type: "string" },
      chunk: { type: "string" },
    },
    strict: true,
  });
  let end = todayUtc();
  if (values.end !== undefined) {
    end = new Date(`${values.end}T00:00:00Z`);
    // A round trip catches both malformed text and impossible dates such as 2025-02-30.
    if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== values.end) {
      throw new Error(`--end must be a date like 2025-12-31, got "${values.end}"`);
    }
  }
  return {
    members: integerOption("members", values.members, 1) ?? 20_000,
    months: integerOption("months", values.months, 1) ?? 24,
    seed: integerOption("seed", values.seed, 0) ?? 1,
    end,
    chunkSize: integerOption("chunk", values.chunk, 1),
  };
}

const format = (n: number) => Math.round(n).toLocaleString("en");

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2));
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    if (await isSeeded(handle)) {
      console.log("already seeded: the database holds a program; nothing written");
      return 0;
    }
    console.log(
      `Seeding ${format(options.members)} members over ${options.months} months up to ${options.end.toISOString().slice(0, 10)} (seed ${options.seed}) into ${handle.driver}...`,
    );
    let reportedTenths = 0;
    const result = await seedDemoProgram(handle, {
      ...options,
      onProgress: ({ membersWritten, members, rowsWritten }) => {
        const tenths = Math.floor((10 * membersWritten) / members);
        if (tenths === reportedTenths) return;
        reportedTenths = tenths;
        console.log(`  ${format(membersWritten)} / ${format(members)} members, ${format(rowsWritten)} rows`);
      },
    });
    const seconds = result.elapsedMs / 1000;
    for (const [table, rows] of Object.entries(result.rows)) console.log(`  ${table.padEnd(28)} ${format(rows).padStart(12)}`);
    const total = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
    if (result.living) console.log(describeLivingProgram(result.living));
    console.log(`${format(total)} rows in ${seconds.toFixed(1)} s = ${format(result.rowsPerSecond)} rows/s`);
    return 0;
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
