import type { RawSession } from "../client";

/** The tables the generator fills in bulk, as regclass names. */
export const BULK_TABLES = [
  "public.members",
  "public.member_identities",
  "ground_truth.members",
  "ground_truth.offer_response",
  "public.transactions",
  "public.transaction_lines",
  "public.engagement_events",
  "public.campaign_recipients",
] as const;

/**
 * Triggers that keep per-member derived columns by re-reading each inserted member's sales (the sale
 * links of migration 0005). Without the member index during the load, each COPY would make them scan the
 * whole table, so they are off for the load; the generator fills those columns itself.
 */
const LOAD_DISABLED_TRIGGERS = [{ table: "public.transactions", name: "transactions_link_sales" }] as const;

/** True when no bulk table holds a row: only then may their indexes be dropped for the load. */
export async function bulkTablesEmpty(raw: RawSession): Promise<boolean> {
  const probes = BULK_TABLES.map((table) => `not exists (select 1 from ${table})`).join(" and ");
  const [row] = await raw.query<{ empty: boolean }>(`select ${probes} as empty`);
  return row?.empty === true;
}

/** A type alias, not an interface: RawSession.query wants an index-signature-compatible row type. */
type DdlPair = { drop: string; statement: string };

/**
 * Drops the indexes, primary and unique keys and foreign keys of the bulk tables (and foreign keys of
 * other tables pointing at them), switches off LOAD_DISABLED_TRIGGERS, and returns the statements that put
 * every one back, exactly as the catalog describes it now. This is what pg_restore does: loading rows first and building each index
 * once by sorting is several times faster than maintaining a dozen indexes and checking two foreign keys
 * per row. Everything runs inside the caller's transaction, so a failure restores the schema too, and the
 * schema after commit is the one migrations made. It takes ACCESS EXCLUSIVE locks until the commit, so the
 * caller only does this on an empty program (the demo seed of a fresh database), never on a shared one.
 */
export async function prepareBulkLoad(raw: RawSession): Promise<string[]> {
  const tables = BULK_TABLES.join(",");
  const constraints = await raw.query<DdlPair & { kind: string }>(
    `select contype::text as kind,
            format('alter table %s drop constraint %I', conrelid::regclass, conname) as drop,
            format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as statement
       from pg_constraint
      where (contype in ('p', 'u') and conrelid = any(string_to_array($1, ',')::regclass[]))
         or (contype = 'f' and (conrelid = any(string_to_array($1, ',')::regclass[]) or confrelid = any(string_to_array($1, ',')::regclass[])))
      order by conname`,
    [tables],
  );
  const foreignKeys = constraints.filter((c) => c.kind === "f");
  const keys = constraints.filter((c) => c.kind !== "f");
  const indexes = await raw.query<DdlPair>(
    `select format('drop index %s', i.indexrelid::regclass) as drop, pg_get_indexdef(i.indexrelid) as statement
       from pg_index i
      where i.indrelid = any(string_to_array($1, ',')::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))
      order by 1`,
    [tables],
  );
  const triggers = await raw.query<DdlPair>(
    `select format('alter table %s disable trigger %I', tgrelid::regclass, tgname) as drop,
            format('alter table %s enable trigger %I', tgrelid::regclass, tgname) as statement
       from pg_trigger
       join unnest(string_to_array($1, ','), string_to_array($2, ',')) as wanted(tbl, name)
         on tgrelid = wanted.tbl::regclass and tgname = wanted.name`,
    [LOAD_DISABLED_TRIGGERS.map((t) => t.table).join(","), LOAD_DISABLED_TRIGGERS.map((t) => t.name).join(",")],
  );
  for (const { drop } of [...foreignKeys, ...keys, ...indexes, ...triggers]) await raw.query(drop);
  // Keys before foreign keys: a foreign key needs the referenced key's unique index.
  return [...keys, ...indexes, ...foreignKeys, ...triggers].map((d) => d.statement);
}

export async function finishBulkLoad(raw: RawSession, statements: readonly string[]): Promise<void> {
  if (statements.length === 0) return;
  // Index builds sort in memory up to maintenance_work_mem, and foreign-key validation hash-joins in
  // work_mem: the defaults (64 MB, 4 MB) spill at a million members, where validating 20M lines against
  // 10M receipts took 33 s with them and 13 s with these. 256 MB stays well inside PGlite's heap.
  await raw.query("set local maintenance_work_mem = '256MB'");
  await raw.query("set local work_mem = '256MB'");
  for (const statement of statements) await raw.query(statement);
}

/** Fresh statistics, so the first queries after a large seed get sensible plans. */
export async function analyzeBulkTables(raw: RawSession): Promise<void> {
  for (const table of BULK_TABLES) await raw.query(`analyze ${table}`);
}
