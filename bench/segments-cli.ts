/**
 * `DATABASE_URL=postgres://... npm run bench:segments -- [--runs 50] [--rebuild]`
 *
 * Segment benchmarks on an already seeded database (e.g. the one `npm run bench -- --members 1000000`
 * made, loyalist_bench_1000000): migrates it, computes member features first if they were never computed
 * (timing the full rebuild; --rebuild forces one), then prints the live counts beside hand-written SQL
 * and the cost of keeping features current per ingested receipt.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { memberFeaturesNeverBuilt, rebuildMemberFeatures } from "../db/queries/features/refresh";
import { benchFeatureRefresh, benchSegmentCounts, printSegmentBench } from "./segments";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string" }, rebuild: { type: "boolean" } }, strict: true });
  const runs = Number(values.runs ?? "50");
  if (!process.env.DATABASE_URL) console.log("DATABASE_URL is not set: measuring the PGlite database in .data/pglite");
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    if (values.rebuild || (await memberFeaturesNeverBuilt(handle.db))) {
      const started = performance.now();
      const result = await rebuildMemberFeatures(handle.db, new Date());
      console.log(`member features rebuilt: ${result.members.toLocaleString("en")} members, ${result.changed.toLocaleString("en")} rows written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const now = new Date();
    printSegmentBench(await benchSegmentCounts(handle, { runs, now }), await benchFeatureRefresh(handle, { runs, now }));
  } finally {
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
