import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { RuleNode } from "@/lib/segments/rule";
import type { Db } from "../client";
import { segments, staffUsers, type SegmentKind, type SegmentStatus } from "../schema";
import { escapeLike, selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { uuidArray } from "./features/sql";
import { isUuid } from "./scope";
import { prepareRule } from "./segments-rule";

export interface SegmentInput {
  name: string;
  description?: string | null;
  /** Validated (requireRule); null for a segment whose membership is a stored list. */
  rule: RuleNode | null;
  kind?: SegmentKind;
}

export interface SegmentDetail {
  id: string;
  name: string;
  description: string | null;
  kind: SegmentKind;
  status: SegmentStatus;
  rule: RuleNode | null;
  version: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const detailColumns = {
  id: segments.id,
  name: segments.name,
  description: segments.description,
  kind: segments.kind,
  status: segments.status,
  rule: segments.rule,
  version: segments.version,
  createdBy: segments.createdBy,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
};

export async function getSegment(db: Db, params: { id: string }): Promise<SegmentDetail | null> {
  if (!isUuid(params.id)) return null;
  const [row] = await db.select(detailColumns).from(segments).where(eq(segments.id, params.id)).limit(1);
  return row ? { ...row, rule: (row.rule ?? null) as RuleNode | null } : null;
}

async function requireSegment(db: Db, id: string): Promise<SegmentDetail> {
  const segment = await getSegment(db, { id });
  if (!segment) throw new AppError("not_found", "No such segment.");
  return segment;
}

/** A rule that refers to unknown segments, or back to `self` through others, is refused before it is stored. */
async function checkReferences(db: Db, rule: RuleNode | null, self: string): Promise<void> {
  if (rule) await prepareRule(db, rule, { self });
}

const auditState = (s: Pick<SegmentDetail, "name" | "description" | "kind" | "status" | "rule" | "version">) => ({
  name: s.name,
  description: s.description,
  kind: s.kind,
  status: s.status,
  rule: s.rule,
  version: s.version,
});

export async function createSegment(db: Db, params: { input: SegmentInput; actor: AuditActor }): Promise<SegmentDetail> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(segments)
      .values({
        name: params.input.name,
        description: params.input.description ?? null,
        kind: params.input.kind ?? "rule",
        rule: params.input.rule,
        createdBy: params.actor.kind === "staff" ? params.actor.id : null,
      })
      .returning(detailColumns);
    const created = { ...row!, rule: (row!.rule ?? null) as RuleNode | null };
    await checkReferences(tx, created.rule, created.id);
    await recordAudit(tx, { actor: params.actor, action: "segment.create", entityType: "segment", entityId: created.id, after: auditState(created) });
    return created;
  });
}

/**
 * Changes a segment's name, description or rule. `version` is the one the editor started from: an update
 * based on an older version is refused as a conflict rather than silently overwriting someone's change.
 */
export async function updateSegment(db: Db, params: { id: string; version: number; input: SegmentInput; actor: AuditActor }): Promise<SegmentDetail> {
  return db.transaction(async (tx) => {
    const before = await requireSegment(tx, params.id);
    if (before.status === "archived") throw new AppError("conflict", "This segment is archived.");
    const [row] = await tx
      .update(segments)
      .set({
        name: params.input.name,
        description: params.input.description ?? null,
        rule: params.input.rule,
        kind: params.input.kind ?? before.kind,
        version: sql`${segments.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(segments.id, params.id), eq(segments.version, params.version)))
      .returning(detailColumns);
    if (!row) throw new AppError("conflict", "Someone changed this segment meanwhile; reload it and try again.");
    const after = { ...row, rule: (row.rule ?? null) as RuleNode | null };
    await checkReferences(tx, after.rule, after.id);
    await recordAudit(tx, { actor: params.actor, action: "segment.update", entityType: "segment", entityId: after.id, before: auditState(before), after: auditState(after) });
    return after;
  });
}

/** A copy named "<name> (copy)", "<name> (copy 2)", ... whichever is free among active segments. */
export async function duplicateSegment(db: Db, params: { id: string; actor: AuditActor }): Promise<SegmentDetail> {
  return db.transaction(async (tx) => {
    const source = await requireSegment(tx, params.id);
    const taken = await selectRows<{ name: string }>(
      tx,
      sql`SELECT lower(name) AS name FROM segments WHERE status = 'active' AND lower(name) LIKE ${`${escapeLike(source.name.toLowerCase())} (copy%`}`,
    );
    const names = new Set(taken.map((t) => t.name));
    let name = `${source.name} (copy)`;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${source.name} (copy ${n})`;
    const [row] = await tx
      .insert(segments)
      .values({ name, description: source.description, kind: source.kind, rule: source.rule, createdBy: params.actor.kind === "staff" ? params.actor.id : null })
      .returning(detailColumns);
    const copy = { ...row!, rule: (row!.rule ?? null) as RuleNode | null };
    if (copy.rule === null) {
      await tx.execute(sql`INSERT INTO segment_members (segment_id, member_id) SELECT ${copy.id}::uuid, member_id FROM segment_members WHERE segment_id = ${source.id}::uuid`);
    }
    await recordAudit(tx, { actor: params.actor, action: "segment.duplicate", entityType: "segment", entityId: copy.id, before: { from: source.id }, after: auditState(copy) });
    return copy;
  });
}

export async function archiveSegment(db: Db, params: { id: string; actor: AuditActor }): Promise<SegmentDetail> {
  return db.transaction(async (tx) => {
    const before = await requireSegment(tx, params.id);
    if (before.status === "archived") return before;
    const [row] = await tx
      .update(segments)
      .set({ status: "archived", version: sql`${segments.version} + 1`, updatedAt: new Date() })
      .where(eq(segments.id, params.id))
      .returning(detailColumns);
    const after = { ...row!, rule: (row!.rule ?? null) as RuleNode | null };
    await recordAudit(tx, { actor: params.actor, action: "segment.archive", entityType: "segment", entityId: after.id, before: auditState(before), after: auditState(after) });
    return after;
  });
}

export interface SegmentListRow {
  id: string;
  name: string;
  description: string | null;
  kind: SegmentKind;
  status: SegmentStatus;
  updatedAt: Date;
  /** Who created it; null for segments made by the system or by a deleted account. */
  ownerName: string | null;
  /** Size at the latest snapshot (within the caller's scope); null before the first snapshot. */
  size: number | null;
  /** Members who entered and left at the latest snapshot; null on the first one and for store managers. */
  entered: number | null;
  left: number | null;
  /** Sizes of the last 30 snapshots, oldest first. */
  trend: Array<{ day: string; size: number }>;
}

export interface SnapshotPoint {
  day: string;
  size: number;
  entered: number | null;
  left: number | null;
}

const TREND_DAYS = 30;

/**
 * A segment's snapshots (`segment` is SQL naming its id), sizes within the scope: a store manager's come
 * from the per-store rows, without entered/left (those are counted over all members).
 */
function snapshotPoints(segment: SQL, scope: Scope): SQL {
  const storeIds = scope.kind === "stores" ? scope.storeIds.filter(isUuid) : null;
  return storeIds === null
    ? sql`SELECT day, size, entered, "left" FROM segment_snapshots WHERE segment_id = ${segment}`
    : sql`SELECT ss.day, coalesce((SELECT sum(x.size) FROM segment_snapshot_stores x
                                   WHERE x.segment_id = ss.segment_id AND x.day = ss.day
                                     AND x.store_id = ANY(${uuidArray(storeIds)})), 0)::int AS size,
                 NULL::int AS entered, NULL::int AS "left"
            FROM segment_snapshots ss WHERE ss.segment_id = ${segment}`;
}

const lastPoints = (segment: SQL, scope: Scope, days: number) =>
  sql`SELECT json_agg(json_build_object('day', t.day, 'size', t.size, 'entered', t.entered, 'left', t."left") ORDER BY t.day)::text
        FROM (SELECT * FROM (${snapshotPoints(segment, scope)}) z ORDER BY z.day DESC LIMIT ${days}) t`;

const parsePoints = (json: string | null): SnapshotPoint[] => (json ? (JSON.parse(json) as SnapshotPoint[]) : []);

/**
 * Saved segments with their owner, size and its trend, from the daily snapshots. A store manager sees
 * sizes counted over their stores' members only (segment_snapshot_stores).
 */
export async function listSegments(db: Db, params: { scope: Scope; status?: SegmentStatus }): Promise<SegmentListRow[]> {
  const status = params.status ?? "active";
  const rows = await selectRows<{
    id: string;
    name: string;
    description: string | null;
    kind: SegmentKind;
    status: SegmentStatus;
    updated_ms: number;
    owner: string | null;
    trend: string | null;
  }>(
    db,
    sql`SELECT s.id, s.name, s.description, s.kind, s.status, (extract(epoch FROM s.updated_at) * 1000)::float8 AS updated_ms, u.name AS owner,
               (${lastPoints(sql`s.id`, params.scope, TREND_DAYS)}) AS trend
          FROM segments s LEFT JOIN staff_users u ON u.id = s.created_by
         WHERE s.status = ${status} ORDER BY lower(s.name), s.id`,
  );
  return rows.map((r) => {
    const trend = parsePoints(r.trend);
    const latest = trend[trend.length - 1];
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      kind: r.kind,
      status: r.status,
      updatedAt: new Date(r.updated_ms),
      ownerName: r.owner,
      size: latest?.size ?? null,
      entered: latest?.entered ?? null,
      left: latest?.left ?? null,
      trend: trend.map((t) => ({ day: t.day, size: t.size })),
    };
  });
}

/** One segment's last `days` snapshots within the scope, oldest first (the segment page's trend). */
export async function segmentSnapshots(db: Db, params: { segmentId: string; scope: Scope; days?: number }): Promise<SnapshotPoint[]> {
  if (!isUuid(params.segmentId)) return [];
  const [row] = await selectRows<{ points: string | null }>(db, sql`SELECT (${lastPoints(sql`${params.segmentId}::uuid`, params.scope, params.days ?? 90)}) AS points`);
  return parsePoints(row?.points ?? null);
}

/** The name of the staff member who created a segment. */
export async function segmentOwnerName(db: Db, params: { createdBy: string | null }): Promise<string | null> {
  if (!params.createdBy) return null;
  const [row] = await db.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, params.createdBy)).limit(1);
  return row?.name ?? null;
}

export interface BuilderOptions {
  /** Stores a home-store condition can name: the caller's. */
  stores: Array<{ id: string; name: string }>;
  categories: Array<{ code: string; name: string }>;
  /** Active segments a rule can refer to. */
  segments: Array<{ id: string; name: string; kind: SegmentKind }>;
}

/** The options the builder's pickers load from the database (the rest is in lib/segments/catalogue.ts). */
export async function segmentBuilderOptions(db: Db, params: { scope: Scope }): Promise<BuilderOptions> {
  const storeIds = params.scope.kind === "stores" ? params.scope.storeIds.filter(isUuid) : null;
  const [stores, categories, active] = await Promise.all([
    selectRows<{ id: string; name: string }>(
      db,
      storeIds === null ? sql`SELECT id, name FROM stores ORDER BY name, id` : sql`SELECT id, name FROM stores WHERE id = ANY(${uuidArray(storeIds)}) ORDER BY name, id`,
    ),
    selectRows<{ code: string; name: string }>(db, sql`SELECT code, name FROM categories ORDER BY name, code`),
    selectRows<{ id: string; name: string; kind: SegmentKind }>(db, sql`SELECT id, name, kind FROM segments WHERE status = 'active' ORDER BY lower(name), id`),
  ]);
  return { stores, categories, segments: active };
}
