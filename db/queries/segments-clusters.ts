import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { findMicroSegments, MIN_SALES_TO_FIT, minimumToFit } from "@/lib/models/clustering/micro-segments";
import { compareRuns, type RunComparison } from "@/lib/models/clustering/moves";
import type { ClusterProfile } from "@/lib/models/clustering/profile";
import type { KCandidate } from "@/lib/models/clustering/select-k";
import type { Db } from "../client";
import { clusterRunMembers, clusterRuns, staffUsers } from "../schema";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { listCategories, loadClusteringInput } from "./clustering-input";
import { createSegment, type SegmentDetail } from "./segments";
import { setSegmentMembers } from "./segments-snapshot";

/** Runs are repeatable: the same members and settings give the same clusters, so a re-run moves only members whose behaviour changed. */
const SEED = 1;
const INSERT_BATCH = 20_000;

export interface ClusterRunView {
  id: string;
  createdAt: Date;
  createdByName: string | null;
  k: number;
  kChosen: boolean;
  fitted: number;
  placed: number;
  clusters: ClusterProfile[];
  candidates: KCandidate[];
  comparison: RunComparison | null;
}

const runColumns = {
  id: clusterRuns.id,
  createdAt: clusterRuns.createdAt,
  createdByName: staffUsers.name,
  k: clusterRuns.k,
  kChosen: clusterRuns.kChosen,
  fitted: clusterRuns.fitted,
  placed: clusterRuns.placed,
  clusters: clusterRuns.clusters,
  candidates: clusterRuns.candidates,
  comparison: clusterRuns.comparison,
};

type RunRow = { [K in keyof typeof runColumns]: unknown } & { id: string; createdAt: Date; createdByName: string | null; k: number; kChosen: boolean; fitted: number; placed: number };

function toView(row: RunRow): ClusterRunView {
  return {
    ...row,
    clusters: row.clusters as ClusterProfile[],
    candidates: row.candidates as KCandidate[],
    comparison: (row.comparison ?? null) as RunComparison | null,
  };
}

export async function latestClusterRun(db: Db): Promise<ClusterRunView | null> {
  const [row] = await db
    .select(runColumns)
    .from(clusterRuns)
    .leftJoin(staffUsers, eq(staffUsers.id, clusterRuns.createdBy))
    .orderBy(desc(clusterRuns.createdAt), desc(clusterRuns.id))
    .limit(1);
  return row ? toView(row as RunRow) : null;
}

async function runMembers(db: Db, runId: string): Promise<{ memberIds: string[]; labels: number[] }> {
  const rows = await selectRows<{ member_id: string; cluster: number }>(db, sql`SELECT member_id, cluster FROM cluster_run_members WHERE run_id = ${runId}::uuid ORDER BY member_id`);
  return { memberIds: rows.map((r) => r.member_id), labels: rows.map((r) => Number(r.cluster)) };
}

/**
 * Clusters the members of the scope as of `now` (lib/models/clustering/micro-segments.ts), compares with
 * the latest run (members moved, entered, left) and stores the run: its profile cards and, replacing the
 * previous run's, each member's cluster. Seconds at demo scale; the figures come from receipts and events
 * (db/queries/clustering-input.ts).
 */
export async function runMicroSegments(db: Db, params: { scope: Scope; now: Date; actor: AuditActor; k?: number }): Promise<ClusterRunView> {
  const [input, categories, previous] = await Promise.all([
    loadClusteringInput(db, { scope: params.scope, asOf: params.now }),
    listCategories(db),
    latestClusterRun(db),
  ]);
  const fit = input.filter((m) => m.sales >= MIN_SALES_TO_FIT).length;
  const needed = minimumToFit({ k: params.k });
  if (fit < needed) {
    throw new AppError("invalid_input", `Only ${fit} members have ${MIN_SALES_TO_FIT} or more purchases; the model needs at least ${needed}.`, { k: [`needs ${needed} members with ${MIN_SALES_TO_FIT}+ purchases`] });
  }
  const result = findMicroSegments(input, categories, { seed: SEED, k: params.k });
  const comparison = previous
    ? compareRuns({ ...(await runMembers(db, previous.id)), k: previous.k }, { memberIds: result.memberIds, labels: result.labels, k: result.k })
    : null;
  const id = await db.transaction(async (tx) => {
    const [run] = await tx
      .insert(clusterRuns)
      .values({
        createdBy: params.actor.kind === "staff" ? params.actor.id : null,
        k: result.k,
        kChosen: params.k === undefined,
        seed: SEED,
        fitted: result.fitted,
        placed: result.memberIds.length,
        // NaN (the mean of an empty cluster) is not JSON: null.
        clusters: JSON.parse(JSON.stringify(result.profiles)) as unknown,
        candidates: result.candidates,
        comparison,
        previousRunId: previous?.id ?? null,
      })
      .returning({ id: clusterRuns.id });
    const runId = run!.id;
    for (let from = 0; from < result.memberIds.length; from += INSERT_BATCH) {
      const ids = result.memberIds.slice(from, from + INSERT_BATCH);
      const labels = Array.from(result.labels.subarray(from, from + INSERT_BATCH));
      await tx.execute(sql`INSERT INTO cluster_run_members (run_id, member_id, cluster)
        SELECT ${runId}::uuid, m, c FROM unnest(${`{${ids.join(",")}}`}::uuid[], ${`{${labels.join(",")}}`}::smallint[]) AS x(m, c)`);
    }
    await tx.execute(sql`DELETE FROM cluster_run_members WHERE run_id <> ${runId}::uuid`);
    await recordAudit(tx, { actor: params.actor, action: "segments.cluster_run", entityType: "cluster_run", entityId: runId, after: { k: result.k, fitted: result.fitted, placed: result.memberIds.length } });
    return runId;
  });
  const [row] = await db.select(runColumns).from(clusterRuns).leftJoin(staffUsers, eq(staffUsers.id, clusterRuns.createdBy)).where(eq(clusterRuns.id, id));
  return toView(row as RunRow);
}

/**
 * Saves one cluster of the latest run as a segment of its members (kind `cluster`, no rule: a stored list,
 * with its first snapshot), in one transaction. A run replaced by a newer one has no members any more.
 */
export async function saveClusterAsSegment(
  db: Db,
  params: { runId: string; cluster: number; name: string; description: string | null; actor: AuditActor; now: Date },
): Promise<SegmentDetail> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select({ k: clusterRuns.k }).from(clusterRuns).where(eq(clusterRuns.id, params.runId));
    if (!run) throw new AppError("not_found", "No such clustering run.");
    if (params.cluster >= run.k) throw new AppError("invalid_input", `cluster: must be below ${run.k}`, { cluster: [`must be below ${run.k}`] });
    const members = await selectRows<{ member_id: string }>(
      tx,
      sql`SELECT member_id FROM cluster_run_members WHERE run_id = ${params.runId}::uuid AND cluster = ${params.cluster}`,
    );
    if (members.length === 0) {
      const [kept] = await selectRows<{ any: boolean }>(tx, sql`SELECT EXISTS (SELECT 1 FROM cluster_run_members WHERE run_id = ${params.runId}::uuid) AS any`);
      if (!kept?.any) throw new AppError("conflict", "A newer run replaced this one; save from the latest run.");
      throw new AppError("invalid_input", "cluster: holds no members", { cluster: ["holds no members"] });
    }
    const segment = await createSegment(tx, { input: { name: params.name, description: params.description, rule: null, kind: "cluster" }, actor: params.actor });
    await setSegmentMembers(tx, { segmentId: segment.id, memberIds: members.map((m) => m.member_id), now: params.now });
    return segment;
  });
}
