import "server-only";
import { sql } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { isUuid, storeCondition } from "@/db/queries/scope";
import { encodeCsvRow } from "@/db/csv";
import { selectRows } from "@/db/sql";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isLocale, type Locale } from "@/lib/i18n/config";
import { currentConsents, type CurrentConsent } from "./consent";
import { MEMBER_DATA } from "./registry";
import { exportedColumns, memberRows, tableRef, columnRef } from "./registry-sql";
import type { TableSpec } from "./registry-types";
import { holdingsSummary, summaryText } from "./export-summary";

export interface ExportedTable {
  spec: TableSpec;
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface MemberData {
  memberId: string;
  locale: Locale;
  generatedAt: Date;
  tables: ExportedTable[];
  consents: CurrentConsent[];
}

async function exportTable(db: Db, spec: TableSpec, memberId: string): Promise<ExportedTable> {
  const columns = exportedColumns(spec);
  if (spec.export.kind !== "rows") return { spec, columns, rows: [] };
  const list = sql.join(columns.map(columnRef), sql`, `);
  // row_to_json gives the same text for both drivers: ISO times, numbers as numbers, jsonb as objects.
  const rows = await selectRows<{ j: string }>(
    db,
    sql`SELECT row_to_json(x)::text AS j FROM (
          SELECT ${list} FROM ${tableRef(spec.table)} WHERE ${memberRows(spec, [memberId])} ORDER BY ${sql.raw(spec.export.orderBy)}
        ) x`,
  );
  return { spec, columns, rows: rows.map((r) => JSON.parse(r.j) as Record<string, unknown>) };
}

/** Everything held on a member, table by table as the registry declares it; null for an unknown member. */
export async function collectMemberData(db: Db, memberId: string, now = new Date()): Promise<MemberData | null> {
  if (!isUuid(memberId)) return null;
  const [member] = await selectRows<{ locale: string }>(db, sql`SELECT locale::text AS locale FROM members WHERE id = ${memberId}`);
  if (!member) return null;
  const tables: ExportedTable[] = [];
  for (const spec of MEMBER_DATA) tables.push(await exportTable(db, spec, memberId));
  return { memberId, locale: isLocale(member.locale) ? member.locale : "en", generatedAt: now, tables, consents: await currentConsents(db, memberId) };
}

function csvOf(table: ExportedTable): string {
  const header = encodeCsvRow(table.columns).replaceAll('"', "");
  const body = table.rows.map((row) => encodeCsvRow(table.columns.map((c) => (typeof row[c] === "boolean" ? String(row[c]) : row[c])))).join("");
  return header + body;
}

/** The archive's files: a summary in the member's language and as JSON, then JSON and CSV per data category table. */
export async function memberExportFiles(data: MemberData): Promise<Record<string, Uint8Array>> {
  const summary = holdingsSummary(data);
  const files: Record<string, Uint8Array> = {
    "README.txt": strToU8(await summaryText(summary, data.locale)),
    "summary.json": strToU8(JSON.stringify(summary, null, 2)),
  };
  for (const table of data.tables) {
    if (table.spec.export.kind !== "rows") continue;
    files[`data/${table.spec.key}.json`] = strToU8(JSON.stringify(table.rows, null, 2));
    files[`data/${table.spec.key}.csv`] = strToU8(csvOf(table));
  }
  return files;
}

export interface MemberExport {
  fileName: string;
  zip: Uint8Array;
}

export async function buildMemberExport(db: Db, memberId: string, now = new Date()): Promise<MemberExport | null> {
  const data = await collectMemberData(db, memberId, now);
  if (!data) return null;
  const zip = zipSync(await memberExportFiles(data), { level: 6, mtime: now });
  return { fileName: `member-${memberId}-${now.toISOString().slice(0, 10)}.zip`, zip };
}

/**
 * A member's data request answered for staff or an API key: scope-checked, built, and audited (who
 * exported whose data, when, how big; no contents) in one transaction.
 */
export async function exportMember(db: Db, params: { memberId: string; scope: Scope; actor: AuditActor; now?: Date }): Promise<MemberExport> {
  if (!isUuid(params.memberId)) throw new AppError("not_found", "No such member.");
  return db.transaction(async (tx) => {
    const [inScope] = await selectRows<{ id: string }>(
      tx,
      sql`SELECT m.id FROM members m WHERE m.id = ${params.memberId} AND ${storeCondition(sql`m.home_store_id`, params.scope)}`,
    );
    if (!inScope) throw new AppError("not_found", "No such member.");
    const built = await buildMemberExport(tx, params.memberId, params.now);
    if (!built) throw new AppError("not_found", "No such member.");
    await recordAudit(tx, {
      actor: params.actor,
      action: "member.export",
      entityType: "member",
      entityId: params.memberId,
      after: { bytes: built.zip.byteLength },
    });
    return built;
  });
}
