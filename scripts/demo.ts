/**
 * `npm run demo`: migrate the database (PGlite in .data/pglite, or DATABASE_URL), fill it with the demo
 * program if it is empty, build the app and serve it on http://localhost:3000 (PORT to change).
 * Options: --members N (default 20000), --months M (24), --seed S (42), --no-build.
 */
import { openDatabase, type DbHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { memberFeaturesNeverBuilt, rebuildMemberFeatures } from "../db/queries/features/refresh";
import { latestRecommendationModel } from "../db/queries/recommendations";
import { loadLatestPropensityModel } from "../db/queries/offer-propensity";
import { trainAndScorePropensity } from "../db/queries/offer-propensity-job";
import { trainRecommendations } from "../db/queries/recommendations-train";
import { describeLivingProgram, isSeeded, livingProgramMissing, seedDemoProgram, seedLivingProgram } from "../db/seed/program";
import { argValue, ensureAuthSecret, runNext } from "./runtime";

async function prepareDatabase(): Promise<void> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    if (await isSeeded(handle)) {
      console.log("Database already holds a program; leaving it as it is.");
      // A demo seeded before the generator configured loyalty gets its program, points and consents once.
      let credited = false;
      if (await livingProgramMissing(handle.db)) {
        console.log("Setting up the loyalty program, the history's points and consents for the existing demo...");
        credited = (await seedLivingProgram(handle.db, { seed: Number(argValue("seed", "42")), now: new Date() })).points.receipts > 0;
      }
      // A demo seeded before member features existed gets them once (segments read them); so does one whose
      // history was just credited (every member is queued for a refresh: one set-based pass is quicker).
      if (credited || (await memberFeaturesNeverBuilt(handle.db))) {
        console.log("Computing member features for the existing program...");
        await rebuildMemberFeatures(handle.db, new Date());
      }
      await trainDemoModels(handle, { onlyMissing: true });
      return;
    }
    const members = Number(argValue("members", "20000"));
    const months = Number(argValue("months", "24"));
    const seed = Number(argValue("seed", "42"));
    console.log(`Generating the demo program: ${members} members over ${months} months (seed ${seed})...`);
    const result = await seedDemoProgram(handle, { members, months, seed });
    console.log(`Demo program written in ${(result.elapsedMs / 1000).toFixed(1)} s.`);
    if (result.living) console.log(describeLivingProgram(result.living));
    await trainDemoModels(handle, { onlyMissing: false });
  } finally {
    // PGlite allows one process per data directory: the server opens it next.
    await handle.close();
  }
}

/**
 * Member 360 and the offers endpoint serve recommendations and next best offers from the newest trained models;
 * without them they would wait for the daily jobs. About 5 s (recommendations) and 15 s (redemption propensity,
 * on the demo's past campaigns, with every member's rescore) at the default 20,000 members.
 */
async function trainDemoModels(handle: DbHandle, options: { onlyMissing: boolean }): Promise<void> {
  const now = new Date();
  if (!options.onlyMissing || !(await latestRecommendationModel(handle.db))) {
    console.log("Training product recommendations...");
    const trained = await trainRecommendations(handle.db, { now });
    console.log(`Recommendations trained on ${trained.members} members and ${trained.products} products in ${(trained.elapsedMs / 1000).toFixed(1)} s.`);
  }
  if (!options.onlyMissing || !(await loadLatestPropensityModel(handle.db))) {
    console.log("Training the redemption propensity on the past campaigns...");
    const result = await trainAndScorePropensity(handle.db, { now });
    console.log(result.trained ? `Redemption propensity: AUC ${result.metrics.auc.toFixed(3)} ("redeemed before" ${result.metrics.baselineAuc.toFixed(3)}), ${result.scored} members scored.` : `Redemption propensity not trained: ${result.reason}`);
  }
}

async function main(): Promise<void> {
  console.log(process.env.DATABASE_URL ? "Database: PostgreSQL (DATABASE_URL)" : "Database: embedded PGlite in .data/pglite");
  await prepareDatabase();
  ensureAuthSecret();
  if (!process.argv.includes("--no-build")) {
    const built = await runNext(["build"]);
    if (built !== 0) process.exit(built);
  }
  const port = process.env.PORT ?? "3000";
  console.log(`\nLoyalist is starting on http://localhost:${port} — the sign-in page lists the demo accounts.\n`);
  process.exit(await runNext(["start", "-p", port]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
