import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { OFFER_KINDS, type OfferKind, type PropensityExample } from "@/lib/models/propensity";
import { DAY_MS } from "@/lib/time";
import type { Db } from "../client";
import { escapeLike, selectRows } from "../sql";
import { propensityInputsOf } from "./offer-propensity-inputs";
import { rewardCategory } from "./offer-candidates";

/**
 * The propensity model's examples: every offer sent (treated recipients of any campaign) whose validity
 * ended by `observedUntil`, so its outcome is known, labelled redeemed or not, with the member's inputs
 * as of the first sending of its UTC day (offer-propensity-inputs.ts): one extraction per day with
 * sendings, however many campaigns and send times (a launch at members' usual hours) that day had, and
 * nothing at or after that first sending is read. A member who joined between the day's first sending
 * and their own is left out (no inputs before joining).
 */

export interface OfferExample extends PropensityExample {
  memberId: string;
  sendAtMs: number;
  validUntilMs: number;
}

/**
 * At most about this many offers are read: beyond it, a deterministic sample of members (by a hash of the
 * id, so the same members every time and all of a member's offers) keeps a large program's training in
 * bounded time and memory. Each example holds its inputs as objects; 200,000 of them are a few hundred MB.
 */
export const MAX_TRAINING_OFFERS = 200_000;

export interface DatasetParams {
  observedUntil: Date;
  maxOffers?: number;
  /** Only members whose external id starts with this (a tagged generated program: tests, models:evaluate). */
  externalIdPrefix?: string;
}

interface OfferRow {
  member_id: string;
  day_ms: number;
  send_ms: number;
  valid_ms: number;
  kind: string;
  category_id: string | null;
  redeemed: boolean;
}

const likePrefix = (prefix: string) => `${escapeLike(prefix)}%`;

export async function offerExamples(db: Db, params: DatasetParams): Promise<OfferExample[]> {
  const prefix = params.externalIdPrefix;
  const ofMembers = prefix === undefined ? sql`true` : sql`r.member_id IN (SELECT id FROM members WHERE external_id LIKE ${likePrefix(prefix)})`;
  const resolved = sql`NOT r.control AND r.valid_until <= ${params.observedUntil.toISOString()}::timestamptz AND ${ofMembers}`;
  const [count] = await selectRows<{ n: number }>(db, sql`SELECT count(*)::float8 AS n FROM campaign_recipients r WHERE ${resolved}`);
  const max = params.maxOffers ?? MAX_TRAINING_OFFERS;
  const buckets = Number(count?.n ?? 0) > max ? Math.max(1, Math.floor((1024 * max) / Number(count?.n))) : 1024;
  const sampled = (column: SQL) => (buckets >= 1024 ? sql`true` : sql`(uuid_hash_extended(${column}, 0) & 1023) < ${buckets}`);
  const rows = await selectRows<OfferRow>(
    db,
    sql`SELECT r.member_id, (extract(epoch FROM date_trunc('day', r.send_at AT TIME ZONE 'UTC')) * 1000)::float8 AS day_ms,
               (extract(epoch FROM r.send_at) * 1000)::float8 AS send_ms, (extract(epoch FROM r.valid_until) * 1000)::float8 AS valid_ms,
               w.kind::text AS kind, ${rewardCategory("w").column} AS category_id, r.redeemed_at IS NOT NULL AS redeemed
          FROM campaign_recipients r
          JOIN campaign_variants v ON v.id = r.variant_id
          JOIN rewards w ON w.id = v.reward_id
          ${rewardCategory("w").joins}
         WHERE ${resolved} AND ${sampled(sql`r.member_id`)}
         ORDER BY 2, r.member_id, r.send_at`,
  );
  const byDay = new Map<number, OfferRow[]>();
  for (const row of rows) {
    if (!(OFFER_KINDS as readonly string[]).includes(row.kind)) continue;
    const day = Number(row.day_ms);
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    list.push(row);
  }
  const examples: OfferExample[] = [];
  for (const [dayMs, dayRows] of byDay) {
    const asOf = new Date(dayRows.reduce((first, row) => Math.min(first, Number(row.send_ms)), Number.POSITIVE_INFINITY));
    const dayEnd = new Date(dayMs + DAY_MS);
    // The day's recipients as a condition, not an id list: one day of a large program's campaign sends hundreds of thousands.
    const where = sql`m.id IN (SELECT member_id FROM campaign_recipients WHERE NOT control
                                AND send_at >= ${asOf.toISOString()}::timestamptz AND send_at < ${dayEnd.toISOString()}::timestamptz) AND ${sampled(sql`m.id`)}`;
    const inputs = await propensityInputsOf(db, { asOf, members: { kind: "where", where } });
    for (const row of dayRows) {
      const memberInputs = inputs.get(row.member_id);
      // No inputs: the member was erased or objected to profiling.
      if (!memberInputs) continue;
      examples.push({
        memberId: row.member_id,
        sendAtMs: Number(row.send_ms),
        validUntilMs: Number(row.valid_ms),
        inputs: memberInputs,
        offer: { kind: row.kind as OfferKind, categoryId: row.category_id },
        redeemed: row.redeemed === true,
      });
    }
  }
  return examples;
}
