import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import type { Db } from "../client";
import type { MemberStatus } from "../schema/enums";
import { selectRows } from "../sql";
import { displayName } from "./members";
import { fetchPage, type ListPage } from "./paging";
import { memberBase, prepareRule } from "./segments-rule";

export interface SegmentMemberRow {
  id: string;
  displayName: string;
  email: string | null;
  externalId: string | null;
  homeStoreId: string | null;
  homeStoreName: string | null;
  status: MemberStatus;
  joinedAt: Date;
  purchases: number;
  /** Net spend in the program currency, minor units. */
  netSpendMinor: number;
  lastPurchaseAt: Date | null;
}

export type SegmentMemberPage = ListPage<SegmentMemberRow>;

interface MemberRaw {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  external_id: string | null;
  store_id: string | null;
  store_name: string | null;
  status: MemberStatus;
  joined_ms: number;
  purchases: number;
  net_spend: number;
  last_ms: number | null;
  total?: number;
}

/** The live members of a saved segment (its rule as of now, or its stored list), within the caller's scope. */
async function segmentCondition(db: Db, segmentId: string, now: Date): Promise<SQL> {
  return (await prepareRule(db, { segment: segmentId }, { now })).condition;
}

const memberColumns = sql`m.id, m.first_name, m.last_name, m.email, m.external_id, f.home_store_id AS store_id, s.name AS store_name, f.status,
  (extract(epoch FROM f.joined_at) * 1000)::float8 AS joined_ms, f.purchases, f.net_spend_minor::float8 AS net_spend,
  (extract(epoch FROM f.last_purchase_at) * 1000)::float8 AS last_ms`;

function toRow(r: MemberRaw): SegmentMemberRow {
  return {
    id: r.id,
    displayName: displayName(r.first_name, r.last_name, r.external_id),
    email: r.email,
    externalId: r.external_id,
    homeStoreId: r.store_id,
    homeStoreName: r.store_name,
    status: r.status,
    joinedAt: new Date(r.joined_ms),
    purchases: r.purchases,
    netSpendMinor: r.net_spend,
    lastPurchaseAt: r.last_ms === null ? null : new Date(r.last_ms),
  };
}

/** A page of a segment's members, biggest spenders first. */
export async function listSegmentMembers(
  db: Db,
  params: { segmentId: string; scope: Scope; page?: number; pageSize?: number; now?: Date },
): Promise<SegmentMemberPage> {
  const where = sql`${memberBase(params.scope)} AND ${await segmentCondition(db, params.segmentId, params.now ?? new Date())}`;
  const page = await fetchPage(params, {
    page: (n, size) =>
      selectRows<MemberRaw>(
        db,
        sql`SELECT ${memberColumns}, count(*) OVER ()::int AS total
              FROM member_features f JOIN members m ON m.id = f.member_id LEFT JOIN stores s ON s.id = f.home_store_id
             WHERE ${where} ORDER BY f.net_spend_minor DESC, f.member_id LIMIT ${size} OFFSET ${(n - 1) * size}`,
      ),
    // A page past the end (a stale link): count, then show the last page.
    count: async () => (await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM member_features f WHERE ${where}`))[0]?.n ?? 0,
  });
  return { ...page, rows: page.rows.map(toRow) };
}

export const EXPORT_COLUMNS = ["member_id", "member_number", "first_name", "last_name", "email", "home_store", "status", "joined_at", "purchases", "net_spend_minor", "last_purchase_at"] as const;

const EXPORT_BATCH = 5_000;

/**
 * Every member of a segment within the scope, as CSV lines (header first), read in batches by member id so
 * that a segment of a million members streams in constant memory.
 */
export async function* exportSegmentMembers(db: Db, params: { segmentId: string; scope: Scope; now?: Date }): AsyncGenerator<string> {
  const where = sql`${memberBase(params.scope)} AND ${await segmentCondition(db, params.segmentId, params.now ?? new Date())}`;
  yield csvLine(EXPORT_COLUMNS);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await selectRows<MemberRaw>(
      db,
      sql`SELECT ${memberColumns} FROM member_features f JOIN members m ON m.id = f.member_id LEFT JOIN stores s ON s.id = f.home_store_id
           WHERE ${where} AND f.member_id > ${after}::uuid ORDER BY f.member_id LIMIT ${EXPORT_BATCH}`,
    );
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        csvLine([
          r.id,
          r.external_id,
          r.first_name,
          r.last_name,
          r.email,
          r.store_name,
          r.status,
          new Date(r.joined_ms).toISOString(),
          r.purchases,
          r.net_spend,
          r.last_ms === null ? null : new Date(r.last_ms).toISOString(),
        ]),
      )
      .join("");
    after = rows[rows.length - 1]!.id;
    if (rows.length < EXPORT_BATCH) return;
  }
}

/**
 * RFC 4180 quoting, plus a leading apostrophe on text that a spreadsheet would run as a formula (= + - @),
 * since names and e-mails come from members. Hand-written: ten lines, where a CSV library would add a
 * dependency for the same.
 */
export function csvLine(values: ReadonlyArray<string | number | null>): string {
  return (
    values
      .map((v) => {
        if (v === null) return "";
        if (typeof v === "number") return String(v);
        const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
        return /[",\r\n]/.test(safe) || safe !== v ? `"${safe.replaceAll('"', '""')}"` : safe;
      })
      .join(",") + "\r\n"
  );
}
