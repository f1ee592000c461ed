/**
 * `npm run bench:import -- [--receipts 40000] [--bad 0.1] [--seed 1]`
 *
 * Measures the CSV import of a generated transactions file (1-4 lines per receipt, about 2.5 on average,
 * so 40,000 receipts make about 100,000 rows) on DATABASE_URL's PostgreSQL, or on an in-memory PGlite
 * without it: upload and inspection, then the import itself (receipts and their points, in a program of the
 * bench's own), in rows per second. The data are tagged and
 * stay in the database (a shared bench database is fine); run it against a scratch database.
 */
import { cpus, loadavg } from "node:os";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { runImport } from "../lib/import/run";
import { createLoyaltyProgram } from "../lib/loyalty/admin-program";
import { createEarningRule } from "../lib/loyalty/admin-rules";
import { argValue } from "../scripts/runtime";
import { createImportWorld, uploadCsv } from "../test/import-fixtures";
import { generateTransactionsFile } from "../test/import-files";

const receipts = Number(argValue("receipts", "40000"));
/** Node's own CPU time since `since`: parsing, validation and COPY encoding; the rest is the database or waiting. */
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(1);
};
const badShare = Number(argValue("bad", "0.1"));
const seed = Number(argValue("seed", "1"));

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const handle = await openDatabase(url ? { url } : { dataDir: "memory://" });
  try {
    await migrateDatabase(handle);
    const tag = `bench${Date.now().toString(36)}`;
    const world = await createImportWorld(handle, tag, 5_000);
    // A program of the bench's own, so the receipts earn points as they would in a configured program.
    const actor = { kind: "staff" as const, id: world.staffId };
    const programId = await createLoyaltyProgram(handle.db, { code: tag, currency: "EUR", timezone: "Europe/Berlin", onlineStoreId: world.webStoreId }, { actor });
    await createEarningRule(handle.db, { name: "1 point per euro", kind: "base_rate", rate: "1", conditions: { currencies: ["EUR"] } }, { actor, programId });
    await createEarningRule(handle.db, { name: "Double on books", kind: "multiplier", factor: "2", conditions: { categories: [world.categories.books] } }, { actor, programId });
    await createEarningRule(handle.db, { name: "Welcome", kind: "bonus", trigger: "first_purchase", points: 50 }, { actor, programId });
    const file = generateTransactionsFile(world, { receipts, badShare, seed });
    const rows = file.expected.rows;
    console.log(`${url ? "PostgreSQL" : "PGlite (memory)"}: ${rows.toLocaleString("en")} rows, ${(file.text.length / 1024 / 1024).toFixed(1)} MB, ${file.expected.invalidRows} bad`);

    let started = performance.now();
    const id = await uploadCsv(handle, world, "transactions", file.text);
    const uploadS = (performance.now() - started) / 1000;
    console.log(`upload + inspection: ${uploadS.toFixed(2)} s (${Math.round(rows / uploadS).toLocaleString("en")} rows/s)`);

    let cpu = process.cpuUsage();
    started = performance.now();
    const counts = await runImport(handle, id, { programId });
    const importS = (performance.now() - started) / 1000;
    console.log(`import: ${importS.toFixed(2)} s (${Math.round(rows / importS).toLocaleString("en")} rows/s; ${cpuSeconds(cpu)} s of it Node CPU), ${counts.insertedReceipts} receipts and ${counts.insertedRows} lines written with ${counts.awardedPoints.toLocaleString("en")} points, ${counts.invalidRows} rows reported bad`);

    const again = await uploadCsv(handle, world, "transactions", file.text);
    cpu = process.cpuUsage();
    started = performance.now();
    const repeat = await runImport(handle, again, { programId });
    const repeatS = (performance.now() - started) / 1000;
    console.log(`same file again: ${repeatS.toFixed(2)} s (${Math.round(rows / repeatS).toLocaleString("en")} rows/s; ${cpuSeconds(cpu)} s Node CPU), ${repeat.insertedRows} lines written, ${repeat.duplicateRows} skipped`);
    console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
