import "server-only";
import { sql } from "drizzle-orm";
import { membersWithoutProfilingConsent } from "@/lib/privacy/profiling";
import { fitItemSimilarity } from "@/lib/models/recommend";
import { RARELY_SHARE, type LookalikeProfile } from "@/lib/personalization/affinity";
import { DAY_MS } from "@/lib/time";
import type { Db } from "../client";
import { personalizationModels } from "../schema";
import { selectRows } from "../sql";
import { evaluateRecommendations } from "./recommend-evaluation";

/** Most bought products kept for the popularity fill (a member is never short of 10 after leaving out their own). */
const POPULAR = 100;
/** Members read per round trip while loading histories: bounds the rows held at once at 1M members. */
const MEMBER_CHUNK = 50_000;
const INSERT_CHUNK = 20_000;
/** The program's mean basket per category is taken over the last year: recent prices, and a bounded scan. */
const BASKET_DAYS = 365;

/** What a `recommendations` row of personalization_models keeps besides product_neighbours (a type, so it is a jsonb record). */
export type RecommendationModelData = {
  products: number;
  neighbours: number;
  /** Product ids, most bought first. */
  popular: string[];
  /** The program's mean spend in a category on a receipt that has it (next best offer, lib/personalization). */
  categoryBasketMinor: Record<string, number>;
  /** Look-alike groups by dominant category and by the two largest (lib/personalization/affinity.ts). */
  lookalikes: Record<string, LookalikeProfile>;
};

export interface TrainedRecommendations {
  id: string;
  members: number;
  products: number;
  neighbourRows: number;
  metrics: Record<string, number>;
  elapsedMs: number;
}

const livingMembers = sql`m.status <> 'erased' AND m.id NOT IN (${membersWithoutProfilingConsent()})`;

/** Each member's distinct products in sales before `now`, read a chunk of members at a time. */
async function loadHistories(db: Db, now: Date): Promise<{ histories: number[][]; productIds: string[] }> {
  const index = new Map<string, number>();
  const histories: number[][] = [];
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await selectRows<{ member_id: string; products: string[] | null }>(
      db,
      sql`WITH chunk AS (SELECT m.id FROM members m WHERE m.id > ${after}::uuid AND ${livingMembers} ORDER BY m.id LIMIT ${MEMBER_CHUNK})
          SELECT c.id::text AS member_id, array_agg(DISTINCT l.product_id::text) FILTER (WHERE l.product_id IS NOT NULL) AS products
            FROM chunk c
            LEFT JOIN transactions t ON t.member_id = c.id AND t.kind = 'sale' AND t.occurred_at < ${now.toISOString()}::timestamptz
            LEFT JOIN transaction_lines l ON l.transaction_id = t.id
           GROUP BY c.id ORDER BY c.id`,
    );
    for (const row of rows) {
      if (!row.products?.length) continue;
      histories.push(
        row.products.map((id) => {
          let i = index.get(id);
          if (i === undefined) index.set(id, (i = index.size));
          return i;
        }),
      );
    }
    if (rows.length < MEMBER_CHUNK) break;
    after = rows[rows.length - 1]!.member_id;
  }
  return { histories, productIds: [...index.keys()] };
}

async function categoryBaskets(db: Db, now: Date): Promise<Record<string, number>> {
  const from = new Date(now.getTime() - BASKET_DAYS * DAY_MS).toISOString();
  const rows = await selectRows<{ category_id: string; basket: number }>(
    db,
    sql`SELECT category_id::text AS category_id, round(avg(spend))::float8 AS basket FROM (
          SELECT l.transaction_id, l.category_id, sum(l.amount_minor) AS spend
            FROM transactions t JOIN transaction_lines l ON l.transaction_id = t.id
           WHERE t.kind = 'sale' AND t.occurred_at >= ${from}::timestamptz AND t.occurred_at < ${now.toISOString()}::timestamptz
             AND t.currency = (SELECT currency FROM loyalty_programs WHERE code = 'default') AND l.category_id IS NOT NULL
           GROUP BY 1, 2) per_receipt
        GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.category_id, r.basket]));
}

/**
 * Look-alike groups from member_category_features: members keyed by their largest category, and by their
 * two largest; per group, the share of its members who buy each category (share >= RARELY_SHARE). One
 * aggregate over the table, so a request reads a group's profile instead of scanning members.
 */
async function lookalikeProfiles(db: Db): Promise<Record<string, LookalikeProfile>> {
  const rows = await selectRows<{ key: string; category_id: string; buyers: number; members: number }>(
    db,
    sql`WITH ranked AS (
          SELECT c.member_id, c.category_id, c.share, row_number() OVER (PARTITION BY c.member_id ORDER BY c.share DESC, c.category_id) AS r
            FROM member_category_features c JOIN members m ON m.id = c.member_id
           WHERE c.share > 0 AND ${livingMembers}),
        keyed AS (
          SELECT member_id, max(category_id::text) FILTER (WHERE r = 1) AS first, max(category_id::text) FILTER (WHERE r = 2) AS second
            FROM ranked WHERE r <= 2 GROUP BY member_id),
        groups AS (
          SELECT member_id, first AS key FROM keyed
          UNION ALL SELECT member_id, first || '|' || second FROM keyed WHERE second IS NOT NULL),
        sizes AS (SELECT key, count(*)::int AS members FROM groups GROUP BY key)
        SELECT g.key, c.category_id::text AS category_id, count(*)::int AS buyers, s.members
          FROM groups g JOIN sizes s USING (key)
          JOIN member_category_features c ON c.member_id = g.member_id AND c.share >= ${RARELY_SHARE}::float8
         GROUP BY g.key, c.category_id, s.members`,
  );
  const profiles: Record<string, LookalikeProfile> = {};
  for (const row of rows) {
    const profile = (profiles[row.key] ??= { members: row.members, buyerShare: {} });
    (profile.buyerShare as Record<string, number>)[row.category_id] = row.buyers / row.members;
  }
  return profiles;
}

/** The time-split figures of docs/personalization.md for the model as trained now (last 90 days held out). */
async function heldOutMetrics(db: Db, now: Date): Promise<Record<string, number>> {
  const e = await evaluateRecommendations(db, { scope: { kind: "all" }, cutoff: new Date(now.getTime() - 90 * DAY_MS) });
  const figures: Record<string, number> = {
    hitRateAt10: e.hitRate.model,
    popularityHitRateAt10: e.hitRate.popularity,
    recallAt10: e.recall.model,
    popularityRecallAt10: e.recall.popularity,
    ratio: e.ratio,
    evaluatedMembers: e.members,
  };
  // NaN (no member to evaluate on a young program) is not JSON, and not a figure.
  return Object.fromEntries(Object.entries(figures).filter(([, v]) => Number.isFinite(v)));
}

/**
 * Batch training of the served recommendations (docs/personalization.md): item-item cosine neighbours
 * (lib/models/recommend.ts) on every living member's purchases before `now`, leaving out erased members and
 * those who objected to profiling. Rewrites product_neighbours whole and stores the model row (popularity,
 * category baskets, look-alike groups, held-out figures) in one transaction, so a request never sees half
 * of a training. `evaluate: false` skips the held-out figures (a second pass over the purchases).
 */
export async function trainRecommendations(db: Db, params: { now: Date; evaluate?: boolean }): Promise<TrainedRecommendations> {
  const started = performance.now();
  const { histories, productIds } = await loadHistories(db, params.now);
  const model = fitItemSimilarity(histories, productIds.length) // the model's default neighbours, as evaluated;
  const [baskets, lookalikes, metrics] = await Promise.all([
    categoryBaskets(db, params.now),
    lookalikeProfiles(db),
    params.evaluate === false ? Promise.resolve({}) : heldOutMetrics(db, params.now),
  ]);

  const rows: { product: string; rank: number; neighbour: string; score: number }[] = [];
  for (let i = 0; i < productIds.length; i++) {
    for (let r = 0; r < model.neighbours; r++) {
      const j = model.neighbourIds[i * model.neighbours + r]!;
      if (j === -1) break;
      rows.push({ product: productIds[i]!, rank: r + 1, neighbour: productIds[j]!, score: model.neighbourScores[i * model.neighbours + r]! });
    }
  }
  const data: RecommendationModelData = {
    products: productIds.length,
    neighbours: model.neighbours,
    popular: Array.from(model.popularity.ranked.subarray(0, POPULAR), (i) => productIds[i]!),
    categoryBasketMinor: baskets,
    lookalikes,
  };
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM product_neighbours`);
    for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
      const part = rows.slice(from, from + INSERT_CHUNK);
      await tx.execute(sql`INSERT INTO product_neighbours (product_id, rank, neighbour_id, score)
        SELECT * FROM unnest(${`{${part.map((r) => r.product).join(",")}}`}::uuid[], ${`{${part.map((r) => r.rank).join(",")}}`}::smallint[],
                             ${`{${part.map((r) => r.neighbour).join(",")}}`}::uuid[], ${`{${part.map((r) => r.score).join(",")}}`}::real[])`);
    }
    const [row] = await tx
      .insert(personalizationModels)
      .values({
        kind: "recommendations",
        trainedThrough: params.now,
        model: data,
        metrics,
        samples: histories.length,
        elapsedMs: Math.round(performance.now() - started),
      })
      .returning({ id: personalizationModels.id });
    return row!.id;
  });
  return { id, members: histories.length, products: productIds.length, neighbourRows: rows.length, metrics, elapsedMs: Math.round(performance.now() - started) };
}
