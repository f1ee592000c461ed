/**
 * The app under test: a fresh PGlite data directory (or a fresh database beside DATABASE_URL's), migrated and filled with
 * a small demo program (a living one, with loyalty rules, points and consents: the seed imports server-only
 * modules, hence tsx's react-server condition in playwright.config.ts), the expected KPIs computed by
 * independent SQL and saved for the specs (PGlite allows one process per data directory, so specs cannot
 * query it while the server runs), then a production build served on E2E_PORT.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import postgres from "postgres";
import { openDatabase } from "../../db/client";
import { staffUsers } from "../../db/schema";
import { migrateDatabase } from "../../db/migrate";
import { describeLivingProgram, isSeeded, seedDemoProgram } from "../../db/seed/program";
import { ensureAuthSecret, runNext } from "../../scripts/runtime";
import { startSmtpCapture } from "../../test/smtp-capture";
import { E2E_MAIL_DIR, E2E_SMTP_PORT } from "./campaigns-expectations";
import { prepareCampaignFixture } from "./campaigns-fixture";
import { E2E_CHURN_ENV, prepareChurnScores } from "./churn-fixture";
import { computeExpectations, EXPECTATIONS_FILE } from "./expectations";
import { prepareLoyaltyFixture } from "./loyalty-fixture";
import { preparePersonalizationFixture } from "./personalization-fixture";
import { writePrivacyFixtures } from "./privacy-fixtures";
import { prepareSegmentExpectations } from "./segments-fixture";

/**
 * On PostgreSQL the app under test gets a new database beside DATABASE_URL's (`<name>_e2e`, dropped and made
 * again), as on PGlite it gets a new directory: the unit tests leave hundreds of uniquely named stores,
 * categories and members in the shared database, which pages would list and specs would have to step around.
 */
async function freshSiblingDatabase(url: string): Promise<string> {
  const target = new URL(url);
  const name = `${target.pathname.replace(/^\//, "") || "postgres"}_e2e`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`cannot derive an e2e database name from ${target.pathname}`);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  target.pathname = `/${name}`;
  return target.toString();
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const dir = path.join(process.cwd(), ".data", "e2e-pglite");
    rmSync(dir, { recursive: true, force: true });
    process.env.PGLITE_DATA_DIR = dir;
  } else {
    process.env.DATABASE_URL = await freshSiblingDatabase(process.env.DATABASE_URL);
  }
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    if (!(await isSeeded(handle))) {
      const seeded = await seedDemoProgram(handle, { members: 3000, months: 18, seed: 7 });
      console.log(`e2e seed: ${(seeded.elapsedMs / 1000).toFixed(1)} s${seeded.living ? `; ${describeLivingProgram(seeded.living)}` : ""}`);
    }
    const lockoutUser = { email: `lockout-${Date.now()}@example.com`, password: "lockout-test-password" };
    await handle.db.insert(staffUsers).values({
      email: lockoutUser.email,
      name: "Lockout Test",
      role: "marketer",
      passwordHash: await bcrypt.hash(lockoutUser.password, 10),
    });
    writeFileSync(EXPECTATIONS_FILE, JSON.stringify(await computeExpectations(handle.db, lockoutUser), null, 2));
    await writePrivacyFixtures(handle.db);
    await prepareSegmentExpectations(handle.db);
    await prepareLoyaltyFixture(handle.db);
    await prepareChurnScores(handle.db);
    await prepareCampaignFixture(handle.db);
    await preparePersonalizationFixture(handle.db);
  } finally {
    await handle.close();
  }
  ensureAuthSecret();
  Object.assign(process.env, E2E_CHURN_ENV);
  if (!process.env.E2E_SKIP_BUILD) {
    // npm test type-checks before the suites run (`npm run typecheck`): the build need not do it again.
    const code = await runNext(["build"], { ...process.env, LOYALIST_BUILD_TYPECHECKED: "1" });
    if (code !== 0) process.exit(code);
  }
  // A real SMTP server for the app's campaign mail; specs read what arrives from E2E_MAIL_DIR.
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  const smtp = await startSmtpCapture({ port: E2E_SMTP_PORT, dir: E2E_MAIL_DIR });
  process.env.SMTP_URL = smtp.url;
  process.exit(await runNext(["start", "-p", process.env.E2E_PORT ?? "3100", "-H", "127.0.0.1"]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
