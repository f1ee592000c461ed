import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { Sql, TransactionSql } from "postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { encodeCsvRow } from "./csv";

/** The Drizzle database the app and tests use, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Plain SQL with COPY, for bulk loads (seeding, CSV import) that Drizzle's inserts make slow. */
export interface RawSession {
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** COPY rows into a table; returns the number of rows written. */
  copyIn(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  /** The same transaction through Drizzle, for the domain functions that take a `Db` (nested transactions are savepoints). */
  db: Db;
}

export interface DbHandle {
  db: Db;
  driver: "pglite" | "postgres";
  /** The connection URL when driver is postgres. */
  url?: string;
  /** Runs fn in one database transaction, with plain SQL and COPY beside Drizzle on the same connection. */
  rawTransaction<T>(fn: (raw: RawSession) => Promise<T>): Promise<T>;
  /** PGlite only: the whole data directory as a tarball, for `OpenOptions.loadDataDir` (test/global-setup.ts). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent, an embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; "memory://" for a throwaway in-memory database. Given, it is used even when DATABASE_URL is set. */
  dataDir?: string;
  /**
   * A PGlite data directory dump (PGlite's dumpDataDir) to start an in-memory database from, instead of an
   * empty cluster: tests start each file's database from one migrated dump (test/global-setup.ts).
   */
  loadDataDir?: Blob;
}

export function defaultPgliteDir(): string {
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), ".data", "pglite");
}

// COPY batches: PGlite takes a COPY as one in-memory blob, so big loads go in slices.
const COPY_BATCH_ROWS = 100_000;

function* batches<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The driver's own transaction object under a Drizzle transaction: Drizzle keeps it as its session's
 * `client` (PGlite's Transaction, postgres.js's TransactionSql). Opening the transaction through Drizzle
 * and taking its client gives both views of one transaction, where the reverse (a Drizzle database over a
 * driver transaction) would have no nested transactions.
 */
function driverClient<T>(tx: Db): T {
  const client = (tx._.session as unknown as { client?: T }).client;
  if (!client) throw new Error("the Drizzle transaction exposes no driver client");
  return client;
}

function copyStatement(table: string, columns: readonly string[], from: string): string {
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const target = table.includes(".") ? table.split(".").map((p) => `"${p}"`).join(".") : `"${table}"`;
  return `COPY ${target} (${cols}) FROM ${from} WITH (FORMAT csv)`;
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client: PGlite = await PGlite.create(dataDir, { extensions: { pg_trgm }, loadDataDir });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    async rawTransaction(fn) {
      return db.transaction(async (drizzleTx) => {
        const tx = driverClient<Transaction>(drizzleTx);
        return fn({
          db: drizzleTx,
          async query(text, params) {
            return (await tx.query(text, params ?? [])).rows as never;
          },
          async copyIn(table, columns, rows) {
            let written = 0;
            for (const batch of batches(rows, COPY_BATCH_ROWS)) {
              const blob = new Blob([batch.map(encodeCsvRow).join("")]);
              await tx.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob });
              written += batch.length;
            }
            return written;
          },
        });
      });
    },
    dumpDataDir: async () => client.dumpDataDir("none"),
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client: Sql = postgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "postgres",
    url,
    async rawTransaction(fn) {
      return db.transaction(async (drizzleTx) => {
        const tx = driverClient<TransactionSql>(drizzleTx);
        return fn({
          db: drizzleTx,
          async query(text, params) {
            return (await tx.unsafe(text, (params ?? []) as never[])) as never;
          },
          async copyIn(table, columns, rows) {
            let written = 0;
            for (const batch of batches(rows, COPY_BATCH_ROWS)) {
              const stream = await tx.unsafe(copyStatement(table, columns, "STDIN")).writable();
              await new Promise<void>((resolve, reject) => {
                stream.on("error", reject);
                stream.on("finish", () => resolve());
                stream.end(batch.map(encodeCsvRow).join(""));
              });
              written += batch.length;
            }
            return written;
          },
        });
      });
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  // An explicit PGlite directory wins over DATABASE_URL (a test's private in-memory database).
  const url = options.url ?? (options.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  if (url) return openPostgres(url);
  return openPglite(options.dataDir ?? defaultPgliteDir(), options.loadDataDir);
}
