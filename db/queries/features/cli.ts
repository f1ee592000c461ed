/**
 * `npm run features:refresh -- [--full] [--now 2025-06-15T00:00:00Z]`
 *
 * The daily job for member features (DATABASE_URL, else PGlite in .data/pglite): recomputes every member
 * whose windowed figures can have moved since their last computation (refreshWindowedMemberFeatures).
 * `--full` recomputes every member instead (after a migration that adds a feature, or a bulk load).
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../../client";
import { migrateDatabase } from "../../migrate";
import { rebuildMemberFeatures, refreshWindowedMemberFeatures } from "./refresh";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { full: { type: "boolean" }, now: { type: "string" } }, strict: true });
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO time, got "${values.now}"`);
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    const started = performance.now();
    const result = values.full ? await rebuildMemberFeatures(handle.db, now) : await refreshWindowedMemberFeatures(handle.db, now);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${values.full ? "rebuild" : "daily refresh"} as of ${now.toISOString()}: ${result.members.toLocaleString("en")} members computed, ${result.changed.toLocaleString("en")} feature rows and ${result.churnRows.toLocaleString("en")} churn input rows changed in ${seconds.toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
