import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { RISK_BANDS, type RiskBand } from "@/lib/models/churn/bands";
import type { InterventionKind } from "@/lib/models/churn/interventions";
import type { MemberReason } from "@/lib/models/churn/reasons";
import { membersWithoutProfilingConsent } from "@/lib/privacy/profiling";
import type { Db } from "../client";
import type { ChurnContactOutcome } from "../schema";
import { jsonColumn, selectRows } from "../sql";
import { displayName, listScopeStores } from "./members";
import { fetchPage, type ListPage } from "./paging";
import { isUuid, storeCondition } from "./scope";
import { memberBase, prepareRule } from "./segments-rule";
import { csvLine } from "./segments-members";

/** "at_risk": high and very high (the default list); "all": every band. */
export const BAND_FILTERS = ["at_risk", "all", ...RISK_BANDS] as const;
export type BandFilter = (typeof BAND_FILTERS)[number];

export interface AtRiskFilters {
  storeId?: string;
  tierId?: string;
  segmentId?: string;
  band: BandFilter;
}

export interface ScoreRunSummary {
  id: string;
  asOf: Date;
  finishedAt: Date;
  modelVersion: number;
  horizonDays: number;
  scored: number;
  /** The intervention policy version its suggestions came from (0: the built-in default). */
  policyVersion: number | null;
}

export interface AtRiskRow {
  memberId: string;
  displayName: string;
  externalId: string | null;
  homeStoreName: string | null;
  tierName: string | null;
  churnProbability: number;
  /** BG/NBD P(alive); null where the model gives no finite figure. */
  probabilityAlive: number | null;
  riskBand: RiskBand;
  clvMinor: number | null;
  valueAtStakeMinor: number | null;
  reasons: MemberReason[];
  intervention: InterventionKind | null;
  lastContact: { id: string; contactedAt: Date; outcome: ChurnContactOutcome | null } | null;
}

export type AtRiskPage = ListPage<AtRiskRow>;

/** The latest finished score run: the list, the overview's latest point and member_features come from it. */
export async function latestScoreRun(db: Db): Promise<ScoreRunSummary | null> {
  const [row] = await selectRows<{ id: string; as_of: number; finished_at: number; version: number; horizon_days: number; scored: number; policy_version: number | null }>(
    db,
    sql`SELECT r.id, (extract(epoch FROM r.as_of) * 1000)::float8 AS as_of, (extract(epoch FROM r.finished_at) * 1000)::float8 AS finished_at,
               v.version, v.horizon_days, r.scored, r.policy_version
          FROM churn_score_runs r JOIN churn_model_runs v ON v.id = r.model_run_id
         WHERE r.status = 'done' ORDER BY r.finished_at DESC LIMIT 1`,
  );
  return row
    ? { id: row.id, asOf: new Date(Number(row.as_of)), finishedAt: new Date(Number(row.finished_at)), modelVersion: row.version, horizonDays: row.horizon_days, scored: row.scored, policyVersion: row.policy_version }
    : null;
}

function bandCondition(band: BandFilter): SQL {
  if (band === "all") return sql`true`;
  if (band === "at_risk") return sql`s.risk_band IN ('high', 'very_high')`;
  return sql`s.risk_band = ${band}`;
}

/**
 * Which scored members the caller may see with these filters: the run's, not erased, in the caller's
 * scope (home store, as members and segments), not objecting to profiling now (a withdrawal counts from
 * the moment it is recorded, not from the next run), and matching store, tier, segment and band. A store
 * outside the scope, or a segment or tier that does not exist, matches no one.
 */
async function filterCondition(db: Db, params: { runId: string; scope: Scope; filters: AtRiskFilters; now?: Date }): Promise<SQL> {
  const { filters } = params;
  const parts: SQL[] = [sql`s.run_id = ${params.runId}::uuid`, memberBase(params.scope), sql`s.member_id NOT IN (${membersWithoutProfilingConsent()})`, bandCondition(filters.band)];
  if (filters.storeId !== undefined) parts.push(isUuid(filters.storeId) ? sql`f.home_store_id = ${filters.storeId}::uuid` : sql`false`);
  if (filters.tierId !== undefined) {
    parts.push(isUuid(filters.tierId) ? sql`EXISTS (SELECT 1 FROM member_points mp WHERE mp.member_id = s.member_id AND mp.tier_id = ${filters.tierId}::uuid)` : sql`false`);
  }
  if (filters.segmentId !== undefined) {
    const [segment] = isUuid(filters.segmentId)
      ? await selectRows<{ id: string }>(db, sql`SELECT id FROM segments WHERE id = ${filters.segmentId}::uuid AND status = 'active'`)
      : [];
    parts.push(segment ? (await prepareRule(db, { segment: segment.id }, { now: params.now })).condition : sql`false`);
  }
  return sql.join(parts, sql` AND `);
}

const FROM = sql`churn_member_scores s
  JOIN member_features f ON f.member_id = s.member_id
  JOIN members m ON m.id = s.member_id
  LEFT JOIN stores st ON st.id = f.home_store_id`;

interface Raw {
  member_id: string;
  first_name: string | null;
  last_name: string | null;
  external_id: string | null;
  store_name: string | null;
  tier_name: string | null;
  churn_probability: number;
  probability_alive: number | null;
  risk_band: RiskBand;
  clv: number | null;
  value: number | null;
  reasons: MemberReason[] | string;
  intervention: InterventionKind | null;
  contact_id: string | null;
  contacted_ms: number | null;
  outcome: ChurnContactOutcome | null;
  total?: number;
}

const COLUMNS = sql`s.member_id, m.first_name, m.last_name, m.external_id, st.name AS store_name,
  (SELECT t.name FROM member_points mp JOIN loyalty_tiers t ON t.id = mp.tier_id WHERE mp.member_id = s.member_id ORDER BY t.rank DESC LIMIT 1) AS tier_name,
  s.churn_probability, s.probability_alive, s.risk_band, s.clv_minor::float8 AS clv, s.value_at_stake_minor::float8 AS value, s.reasons, s.intervention,
  c.id AS contact_id, (extract(epoch FROM c.contacted_at) * 1000)::float8 AS contacted_ms, c.outcome`;

// The member's latest contact, whatever run it came from.
const LAST_CONTACT = sql`LEFT JOIN LATERAL (
  SELECT id, contacted_at, outcome FROM churn_contacts WHERE member_id = s.member_id ORDER BY contacted_at DESC, created_at DESC LIMIT 1
) c ON true`;

function toRow(r: Raw): AtRiskRow {
  return {
    memberId: r.member_id,
    displayName: displayName(r.first_name, r.last_name, r.external_id),
    externalId: r.external_id,
    homeStoreName: r.store_name,
    tierName: r.tier_name,
    churnProbability: r.churn_probability,
    probabilityAlive: r.probability_alive,
    riskBand: r.risk_band,
    clvMinor: r.clv,
    valueAtStakeMinor: r.value,
    reasons: jsonColumn(r.reasons),
    intervention: r.intervention,
    lastContact: r.contact_id ? { id: r.contact_id, contactedAt: new Date(Number(r.contacted_ms)), outcome: r.outcome } : null,
  };
}

/** Highest value at stake (CLV x churn probability) first; unknown values last. */
const ORDER = sql`s.value_at_stake_minor DESC NULLS LAST, s.churn_probability DESC, s.member_id`;

/** A page of the at-risk list of a run, within the caller's scope, by value at stake. */
export async function listAtRisk(
  db: Db,
  params: { runId: string; scope: Scope; filters: AtRiskFilters; page?: number; pageSize?: number; now?: Date },
): Promise<AtRiskPage> {
  if (!isUuid(params.runId)) return fetchPage(params, { page: async () => [], count: async () => 0 });
  const where = await filterCondition(db, params);
  const page = await fetchPage(params, {
    page: (n, size) =>
      selectRows<Raw>(
        db,
        sql`SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM ${FROM} ${LAST_CONTACT}
             WHERE ${where} ORDER BY ${ORDER} LIMIT ${size} OFFSET ${(n - 1) * size}`,
      ),
    count: async () => (await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${FROM} WHERE ${where}`))[0]?.n ?? 0,
  });
  return { ...page, rows: page.rows.map(toRow) };
}

/** A member's score in the latest finished run, or why they have none. */
export type MemberChurnScore =
  | { status: "scored"; run: ScoreRunSummary; score: AtRiskRow }
  | { status: "no_run" }
  | { status: "no_consent" | "not_scored"; run: ScoreRunSummary };

/**
 * A member's churn score for the member page: from the latest finished run, or why there is none (no run
 * yet; no profiling consent now, which also covers erased members and wins over a score the run gave before
 * the withdrawal; or not scored by the run, e.g. no purchase to score). Null for an unknown member or one
 * outside the caller's scope (home store, as on the member page).
 */
export async function latestChurnScoreForMember(db: Db, params: { memberId: string; scope: Scope }): Promise<MemberChurnScore | null> {
  if (!isUuid(params.memberId)) return null;
  const [member] = await selectRows<{ objects: boolean }>(
    db,
    sql`SELECT m.id IN (${membersWithoutProfilingConsent()}) AS objects FROM members m
         WHERE m.id = ${params.memberId}::uuid AND ${storeCondition(sql`m.home_store_id`, params.scope)}`,
  );
  if (!member) return null;
  const run = await latestScoreRun(db);
  if (!run) return { status: "no_run" };
  if (member.objects) return { status: "no_consent", run };
  const [row] = await selectRows<Raw>(db, sql`SELECT ${COLUMNS} FROM ${FROM} ${LAST_CONTACT} WHERE s.run_id = ${run.id}::uuid AND s.member_id = ${params.memberId}::uuid`);
  return row ? { status: "scored", run, score: toRow(row) } : { status: "not_scored", run };
}

const EXPORT_BATCH = 5_000;

export interface AtRiskCsvText {
  header: readonly string[];
  band: (band: RiskBand) => string;
  reason: (reason: MemberReason) => string;
  intervention: (kind: InterventionKind) => string;
  outcome: (outcome: ChurnContactOutcome) => string;
}

/**
 * The whole filtered list as CSV lines (header first) in the same order as the page, read in batches so a
 * long list streams in constant memory. Texts (header, reasons, actions) come in the downloader's language
 * from `text`.
 */
export async function* exportAtRisk(
  db: Db,
  params: { runId: string; scope: Scope; filters: AtRiskFilters; text: AtRiskCsvText; now?: Date },
): AsyncGenerator<string> {
  yield csvLine(params.text.header);
  if (!isUuid(params.runId)) return;
  const where = await filterCondition(db, params);
  let offset = 0;
  for (;;) {
    // OFFSET over a stable order: the run's scores never change, so batches neither skip nor repeat.
    const rows = (await selectRows<Raw>(db, sql`SELECT ${COLUMNS} FROM ${FROM} ${LAST_CONTACT} WHERE ${where} ORDER BY ${ORDER} LIMIT ${EXPORT_BATCH} OFFSET ${offset}`)).map(toRow);
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        csvLine([
          r.memberId,
          r.externalId,
          r.displayName,
          r.homeStoreName,
          r.tierName,
          Math.round(r.churnProbability * 1000) / 1000,
          params.text.band(r.riskBand),
          r.clvMinor,
          r.valueAtStakeMinor,
          r.reasons.map(params.text.reason).join("; "),
          r.intervention ? params.text.intervention(r.intervention) : null,
          r.lastContact ? r.lastContact.contactedAt.toISOString() : null,
          r.lastContact?.outcome ? params.text.outcome(r.lastContact.outcome) : null,
        ]),
      )
      .join("");
    offset += rows.length;
    if (rows.length < EXPORT_BATCH) return;
  }
}

/** The filters' choices: the caller's stores, the program's active tiers and the active saved segments. */
export async function atRiskFilterOptions(
  db: Db,
  params: { scope: Scope },
): Promise<{ stores: Array<{ id: string; name: string }>; tiers: Array<{ id: string; name: string }>; segments: Array<{ id: string; name: string }> }> {
  const [stores, tiers, segments] = await Promise.all([
    listScopeStores(db, params),
    selectRows<{ id: string; name: string }>(
      db,
      sql`SELECT t.id, t.name FROM loyalty_tiers t JOIN loyalty_programs p ON p.id = t.program_id WHERE t.active AND p.code = 'default' ORDER BY t.rank`,
    ),
    selectRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM segments WHERE status = 'active' ORDER BY lower(name), id`),
  ]);
  return { stores, tiers, segments };
}
