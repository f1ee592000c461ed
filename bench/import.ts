/**
 * `npm run bench:import -- [--receipts 40000] [--bad 0.1] [--seed 1]`
 *
 * Measures the CSV import of a generated transactions file (1-4 lines per receipt, about 2.5 on average,
 * so 40,000 receipts make about 100,000 rows) on DATABASE_URL's PostgreSQL, or on an in-memory PGlite
 * without it: upload and inspection, then the import itself, in rows per second. The data are tagged and
 * stay in the database (a shared bench database is fine); run it against a scratch database.
 */
import { cpus, loadavg } from "node:os";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { runImport } from "../lib/import/run";
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
    const file = generateTransactionsFile(world, { receipts, badShare, seed });
    const rows = file.expected.rows;
    console.log(`${url ? "PostgreSQL" : "PGlite (memory)"}: ${rows.toLocaleString("en")} rows, ${(file.text.length / 1024 / 1024).toFixed(1)} MB, ${file.expected.invalidRows} bad`);

    let started = performance.now();
    const id = await uploadCsv(handle, world, "transactions", file.text);
    const uploadS = (performance.now() - started) / 1000;
    console.log(`upload + inspection: ${uploadS.toFixed(2)} s (${Math.round(rows / uploadS).toLocaleString("en")} rows/s)`);

    let cpu = process.cpuUsage();
    started = performance.now();
    const counts = await runImport(handle, id);
    const importS = (performance.now() - started) / 1000;
    console.log(`import: ${importS.toFixed(2)} s (${Math.round(rows / importS).toLocaleString("en")} rows/s; ${cpuSeconds(cpu)} s of it Node CPU), ${counts.insertedReceipts} receipts and ${counts.insertedRows} lines written, ${counts.invalidRows} rows reported bad`);

    const again = await uploadCsv(handle, world, "transactions", file.text);
    cpu = process.cpuUsage();
    started = performance.now();
    const repeat = await runImport(handle, again);
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
