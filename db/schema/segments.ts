import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { members } from "./members";
import { staffUsers } from "./staff";
import { stores } from "./stores";

/**
 * How a segment's membership is decided: `rule` by its rule (compiled to SQL at every count), `rfm` and
 * `cluster` by the models that made them, `manual` by hand. rfm/cluster/manual segments may carry a rule;
 * without one their membership is the stored list in segment_members.
 */
export const segmentKind = pgEnum("segment_kind", ["rule", "rfm", "cluster", "manual"]);
export const segmentStatus = pgEnum("segment_status", ["active", "archived"]);
export type SegmentKind = (typeof segmentKind.enumValues)[number];
export type SegmentStatus = (typeof segmentStatus.enumValues)[number];

export const segments = pgTable(
  "segments",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text(),
    kind: segmentKind().notNull().default("rule"),
    status: segmentStatus().notNull().default("active"),
    /** The rule tree (lib/segments/rule.ts), validated before it is stored; null for a list-only segment. */
    rule: jsonb().$type<unknown>(),
    createdBy: uuid().references(() => staffUsers.id),
    /** Raised by every update: an edit based on an older version is refused rather than lost. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Two active segments may not share a name (case-insensitively); archived ones may.
    uniqueIndex("segments_active_name_idx").on(sql`lower(${t.name})`).where(sql`${t.status} = 'active'`),
  ],
);

/**
 * The members of each segment at its last snapshot (for rule segments), or its membership itself (for a
 * segment without a rule). The next snapshot compares against it to count who entered and who left.
 */
export const segmentMembers = pgTable(
  "segment_members",
  {
    segmentId: uuid()
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.memberId] }), index().on(t.memberId)],
);

/**
 * A segment's size per program-local day. `entered`/`left` count members who joined or left the segment
 * since the previous snapshot; null on the first one. A second snapshot on the same day adds its moves.
 */
export const segmentSnapshots = pgTable(
  "segment_snapshots",
  {
    segmentId: uuid()
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    size: integer().notNull(),
    entered: integer(),
    left: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.day] })],
);

/** The same sizes split by the members' home store, so a store manager's sizes and trend come from snapshots too. */
export const segmentSnapshotStores = pgTable(
  "segment_snapshot_stores",
  {
    segmentId: uuid()
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    size: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.day, t.storeId] })],
);

/**
 * One run of the AI micro-segment model (docs/segments-ai.md): how it was fitted and, as data, each cluster's
 * profile card and name (message keys, rendered in the reader's language), and what changed since the run
 * before it. Aggregates only; who is in which cluster is in cluster_run_members.
 */
export const clusterRuns = pgTable("cluster_runs", {
  id: uuid().primaryKey().defaultRandom(),
  createdBy: uuid().references(() => staffUsers.id),
  k: integer().notNull(),
  /** k was chosen by silhouette (else given by the user). */
  kChosen: boolean().notNull(),
  seed: integer().notNull(),
  /** Members the model was fitted on (3+ purchases) and members placed in a cluster (1+ purchase). */
  fitted: integer().notNull(),
  placed: integer().notNull(),
  /** ClusterProfile[] (lib/models/clustering/profile.ts). */
  clusters: jsonb().$type<unknown>().notNull(),
  /** Silhouette per candidate k, when k was chosen. */
  candidates: jsonb().$type<unknown>().notNull(),
  /** RunComparison with the previous run (lib/models/clustering/moves.ts); null for the first run. */
  comparison: jsonb().$type<unknown>(),
  previousRunId: uuid(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Each member's cluster in a run. Only the latest run keeps its rows: the next run compares against them. */
export const clusterRunMembers = pgTable(
  "cluster_run_members",
  {
    runId: uuid()
      .notNull()
      .references(() => clusterRuns.id, { onDelete: "cascade" }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    cluster: smallint().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.memberId] }), index().on(t.runId, t.cluster)],
);
