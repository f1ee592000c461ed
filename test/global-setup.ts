import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory dump every test file's in-memory database starts from (test/db.ts). */
    pgliteTemplate: string;
  }
}

/**
 * With DATABASE_URL set, the suite runs on that PostgreSQL: migrate it once before any test file.
 *
 * On PGlite (and for the few private in-memory databases either way) every test file opens its own
 * database. Starting a PGlite and running every migration costs about 4 s of CPU per file, more than many
 * files' tests; a migrated cluster dumped once here and loaded by each file costs about 1 s.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    const handle = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      await migrateDatabase(handle);
    } finally {
      await handle.close();
    }
  }
  const template = await openDatabase({ dataDir: "memory://" });
  const dir = mkdtempSync(path.join(os.tmpdir(), "loyalist-test-"));
  try {
    await migrateDatabase(template);
    const file = path.join(dir, "migrated.tar");
    writeFileSync(file, Buffer.from(await (await template.dumpDataDir!()).arrayBuffer()));
    project.provide("pgliteTemplate", file);
  } finally {
    await template.close();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
