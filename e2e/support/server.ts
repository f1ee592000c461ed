/**
 * The app under test: a fresh PGlite data directory (or the DATABASE_URL database), migrated and filled with
 * a small demo program, the expected KPIs computed by independent SQL and saved for the specs (PGlite allows
 * one process per data directory, so specs cannot query it while the server runs), then a production build
 * served on E2E_PORT.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { openDatabase } from "../../db/client";
import { staffUsers } from "../../db/schema";
import { migrateDatabase } from "../../db/migrate";
import { isSeeded, seedDemoProgram } from "../../db/seed/program";
import { ensureAuthSecret, runNext } from "../../scripts/runtime";
import { computeExpectations, EXPECTATIONS_FILE } from "./expectations";
import { writePrivacyFixtures } from "./privacy-fixtures";
import { prepareSegmentExpectations } from "./segments-fixture";

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const dir = path.join(process.cwd(), ".data", "e2e-pglite");
    rmSync(dir, { recursive: true, force: true });
    process.env.PGLITE_DATA_DIR = dir;
  }
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    if (!(await isSeeded(handle))) await seedDemoProgram(handle, { members: 3000, months: 18, seed: 7 });
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
  } finally {
    await handle.close();
  }
  ensureAuthSecret();
  if (!process.env.E2E_SKIP_BUILD) {
    const code = await runNext(["build"]);
    if (code !== 0) process.exit(code);
  }
  process.exit(await runNext(["start", "-p", process.env.E2E_PORT ?? "3100", "-H", "127.0.0.1"]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
