import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { isUuid } from "./scope";

export interface AuditSearch {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  page?: number;
  pageSize?: number;
}

export interface AuditRow {
  id: number;
  actorKind: "staff" | "api_key" | "system";
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  createdAt: Date;
}

export interface AuditPage {
  rows: AuditRow[];
  page: number;
  pageSize: number;
  /** Whether a further page exists (the log can be large: no total count). */
  hasNext: boolean;
}

function conditions(search: AuditSearch): SQL {
  const parts: SQL[] = [sql`true`];
  if (search.actorId) parts.push(isUuid(search.actorId) ? sql`a.actor_id = ${search.actorId}` : sql`false`);
  if (search.action) parts.push(sql`a.action = ${search.action}`);
  if (search.entityType) parts.push(sql`a.entity_type = ${search.entityType}`);
  if (search.entityId) parts.push(sql`a.entity_id = ${search.entityId}`);
  if (search.from) parts.push(sql`a.created_at >= ${search.from.toISOString()}`);
  if (search.to) parts.push(sql`a.created_at < ${search.to.toISOString()}`);
  return sql.join(parts, sql` AND `);
}

/** Newest first; one row more than the page is read to know whether another page follows. */
export async function searchAuditLog(db: Db, search: AuditSearch): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(Math.trunc(search.pageSize ?? 50), 1), 200);
  const page = Math.max(Math.trunc(search.page ?? 1), 1);
  const rows = await selectRows<{
    id: number;
    actor_kind: AuditRow["actorKind"];
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    entity_type: string;
    entity_id: string | null;
    before: string | null;
    after: string | null;
    ip: string | null;
    created_ms: number;
  }>(
    db,
    sql`SELECT a.id::float8 AS id, a.actor_kind, a.actor_id, u.name AS actor_name, a.action, a.entity_type, a.entity_id,
               a.before::text AS before, a.after::text AS after, a.ip, (extract(epoch from a.created_at) * 1000)::float8 AS created_ms
        FROM audit_log a LEFT JOIN staff_users u ON u.id = a.actor_id AND a.actor_kind = 'staff'
        WHERE ${conditions(search)}
        ORDER BY a.created_at DESC, a.id DESC LIMIT ${pageSize + 1} OFFSET ${(page - 1) * pageSize}`,
  );
  return {
    rows: rows.slice(0, pageSize).map((r) => ({
      id: r.id,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
      ip: r.ip,
      createdAt: new Date(r.created_ms),
    })),
    page,
    pageSize,
    hasNext: rows.length > pageSize,
  };
}

/**
 * The distinct values of an indexed column by a recursive "loose index scan": one index probe per distinct
 * value instead of reading every row of a log that only grows.
 */
function distinctValues(db: Db, column: "action" | "entity_type"): Promise<Array<{ v: string }>> {
  const c = sql.raw(column);
  return selectRows<{ v: string }>(
    db,
    sql`WITH RECURSIVE t(v) AS (
          (SELECT ${c} FROM audit_log ORDER BY ${c} LIMIT 1)
          UNION ALL
          SELECT (SELECT ${c} FROM audit_log WHERE ${c} > t.v ORDER BY ${c} LIMIT 1) FROM t WHERE t.v IS NOT NULL
        ) SELECT v FROM t WHERE v IS NOT NULL`,
  );
}

/** The audit page's filter choices: actions and entity types in the log, and every staff member. */
export async function auditFilterOptions(db: Db): Promise<{ actions: string[]; entityTypes: string[]; actors: Array<{ id: string; name: string }> }> {
  const [actions, entityTypes, actors] = await Promise.all([
    distinctValues(db, "action"),
    distinctValues(db, "entity_type"),
    selectRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM staff_users ORDER BY name`),
  ]);
  return { actions: actions.map((a) => a.v), entityTypes: entityTypes.map((e) => e.v), actors };
}
