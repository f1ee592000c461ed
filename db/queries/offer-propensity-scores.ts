import "server-only";
import { sql } from "drizzle-orm";
import { OFFER_KINDS, scorePropensities, type OfferKind, type PropensityModel, type RewardOffer } from "@/lib/models/propensity";
import type { Db } from "../client";
import { resolveProgramId } from "./loyalty/config";
import { escapeLike, selectRows } from "../sql";
import { uuidArray } from "./features/sql";
import { propensityInputsOf } from "./offer-propensity-inputs";
import { rewardCategory } from "./offer-candidates";

/**
 * member_predictions.redemption_propensity: each member's highest redemption propensity over the offers a
 * campaign of the program could send now (programOffers). What segments ("redemption propensity above
 * 0.2") and campaign model audiences rank members by. Rewritten for every member after each training.
 */

export const PROPENSITY_SCORE_CHUNK_SIZE = 10_000;

/**
 * The program's offers as of `now`: its active rewards within their validity dates and not out of stock
 * (a campaign can send none other). Every reward kind is an offer kind (lib/models/propensity.ts).
 */
export async function programOffers(db: Db, params: { now: Date; programId?: string }): Promise<RewardOffer[]> {
  const programId = await resolveProgramId(db, params.programId);
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const rows = await selectRows<{ id: string; kind: string; category_id: string | null }>(
    db,
    sql`SELECT r.id, r.kind::text AS kind, ${rewardCategory("r").column} AS category_id FROM rewards r ${rewardCategory("r").joins}
         WHERE r.program_id = ${programId} AND r.active AND (r.valid_from IS NULL OR r.valid_from <= ${now}) AND (r.valid_to IS NULL OR r.valid_to > ${now})
           AND (r.stock IS NULL OR r.stock > 0)
         ORDER BY r.id`,
  );
  return rows
    .filter((r) => (OFFER_KINDS as readonly string[]).includes(r.kind))
    .map((r) => ({ id: r.id, kind: r.kind as OfferKind, categoryId: r.category_id }));
}

export interface RescoreParams {
  now: Date;
  model: PropensityModel;
  programId?: string;
  /** Only members whose external id starts with this (tests on a shared database). */
  externalIdPrefix?: string;
  chunkSize?: number;
}

const likePrefix = (prefix: string) => `${escapeLike(prefix)}%`;

/**
 * Scores every member (by id, in chunks: one statement reads a chunk's inputs by id range, as the churn
 * re-score does) and writes the predictions chunk by chunk, each in one transaction: updated where they
 * changed, inserted for members without a row, cleared for the chunk's members with no inputs (erased,
 * or objecting to profiling). Without offers to score, every member's propensity is cleared.
 */
export async function rescorePropensities(db: Db, params: RescoreParams): Promise<{ members: number; scored: number }> {
  const offers = await programOffers(db, params);
  const size = params.chunkSize ?? PROPENSITY_SCORE_CHUNK_SIZE;
  const ofMembers = params.externalIdPrefix === undefined ? sql`true` : sql`external_id LIKE ${likePrefix(params.externalIdPrefix)}`;
  let after = "00000000-0000-0000-0000-000000000000";
  let members = 0;
  let scored = 0;
  for (;;) {
    const ids = (await selectRows<{ id: string }>(db, sql`SELECT id FROM members WHERE id > ${after}::uuid AND ${ofMembers} ORDER BY id LIMIT ${size}`)).map((r) => r.id);
    if (ids.length === 0) break;
    const upTo = ids[ids.length - 1] as string;
    const inputs = offers.length === 0 ? new Map() : await propensityInputsOf(db, { asOf: params.now, members: { kind: "range", after, upTo } });
    const rows: { member_id: string; p: number }[] = [];
    for (const id of ids) {
      const memberInputs = inputs.get(id);
      if (!memberInputs) continue;
      const scores = scorePropensities(params.model, memberInputs, offers);
      rows.push({ member_id: id, p: scores.reduce((best, p) => Math.max(best, p), 0) });
    }
    const scoredIds = new Set(rows.map((r) => r.member_id));
    await writePredictions(db, rows, ids.filter((id) => !scoredIds.has(id)));
    members += ids.length;
    scored += rows.length;
    after = upTo;
  }
  return { members, scored };
}

/** One chunk's propensities (rows as one JSON parameter, as the churn re-score writes its own) and the clearing of the unscored. */
async function writePredictions(db: Db, rows: readonly { member_id: string; p: number }[], unscored: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    if (rows.length > 0) {
      await tx.execute(sql`
        WITH r AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(member_id uuid, p float8)),
        updated AS (
          UPDATE member_predictions m SET redemption_propensity = r.p, updated_at = now()
            FROM r WHERE m.member_id = r.member_id AND m.redemption_propensity IS DISTINCT FROM r.p
        )
        INSERT INTO member_predictions (member_id, redemption_propensity, updated_at)
        SELECT r.member_id, r.p, now() FROM r WHERE NOT EXISTS (SELECT 1 FROM member_predictions m WHERE m.member_id = r.member_id)
        ON CONFLICT (member_id) DO NOTHING`);
    }
    if (unscored.length > 0) {
      await tx.execute(sql`UPDATE member_predictions SET redemption_propensity = NULL, updated_at = now()
                            WHERE redemption_propensity IS NOT NULL AND member_id = ANY(${uuidArray(unscored)})`);
    }
  });
}
