import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { membersWithoutProfilingConsent } from "@/lib/privacy/profiling";
import { fitItemSimilarity, hitRateAtK, popularityModel, recallAtK, recommendFor, recommendPopular } from "@/lib/models/recommend";
import type { Db } from "../client";
import { escapeLike, selectRows } from "../sql";
import { storeCondition } from "./scope";

export type RecommendationLevel = "product" | "category";

export interface RecommendationEvaluationParams {
  scope: Scope;
  cutoff: Date;
  /** Days after the cutoff whose purchases are the test set; 90 by default. */
  horizonDays?: number;
  /** Recommendations per member scored; 10 by default. */
  k?: number;
  /** Neighbours kept per item; the model's default (20) when not given. */
  neighbours?: number;
  /** Items are products (default) or their categories. */
  level?: RecommendationLevel;
  /** Only members whose external id starts with this (a tagged test program). */
  externalIdPrefix?: string;
}

export interface RecommendationEvaluation {
  level: RecommendationLevel;
  cutoff: Date;
  horizonDays: number;
  k: number;
  /** Members scored: a purchase before the cutoff and at least one new item within the horizon. */
  members: number;
  /** Distinct items bought by the members read (before or after the cutoff). */
  items: number;
  /** Members with a purchase before the cutoff: the training histories. */
  trainMembers: number;
  hitRate: { model: number; popularity: number };
  recall: { model: number; popularity: number };
  /** Model hit rate over the popularity baseline's. */
  ratio: number;
}

interface Row {
  member_id: string;
  item: string;
  before: boolean;
  after: boolean;
}

/**
 * Time-split evaluation of the item-item recommender (lib/models/recommend.ts) against popularity. Training
 * histories are each member's distinct items in sales before the cutoff; the test set is the items they
 * bought in the `horizonDays` after it that they had not bought before (what a recommender has to find: an
 * item they already buy needs no recommendation). Both recommenders leave out the member's own items.
 * Members are those in scope (home store, as members and segments), not erased and not objecting to
 * personalization; a line without a product id counts by its SKU, a line without a category is skipped at
 * category level.
 */
export async function evaluateRecommendations(db: Db, params: RecommendationEvaluationParams): Promise<RecommendationEvaluation> {
  const horizonDays = params.horizonDays ?? 90;
  const k = params.k ?? 10;
  const level = params.level ?? "product";
  const cutoff = params.cutoff.toISOString();
  const prefix = params.externalIdPrefix === undefined ? null : `${escapeLike(params.externalIdPrefix)}%`;
  const item = level === "product" ? sql`coalesce(l.product_id::text, 'sku:' || l.sku)` : sql`l.category_id::text`;
  const rows = await selectRows<Row>(
    db,
    sql`SELECT t.member_id::text AS member_id, ${item} AS item,
        bool_or(t.occurred_at < ${cutoff}::timestamptz) AS before,
        bool_or(t.occurred_at >= ${cutoff}::timestamptz) AS after
      FROM transactions t
      JOIN members m ON m.id = t.member_id
      JOIN transaction_lines l ON l.transaction_id = t.id
      WHERE t.kind = 'sale' AND t.member_id IS NOT NULL
        AND t.occurred_at < ${cutoff}::timestamptz + make_interval(days => ${horizonDays}::int)
        AND m.status <> 'erased' AND m.id NOT IN (${membersWithoutProfilingConsent()})
        AND ${storeCondition(sql`m.home_store_id`, params.scope)}
        AND (${prefix}::text IS NULL OR m.external_id LIKE ${prefix}::text)
        AND ${item} IS NOT NULL
      GROUP BY 1, 2
      ORDER BY 1, 2`,
  );

  const itemIndex = new Map<string, number>();
  const memberIndex = new Map<string, number>();
  const train: number[][] = [];
  const test: number[][] = [];
  for (const row of rows) {
    let i = itemIndex.get(row.item);
    if (i === undefined) itemIndex.set(row.item, (i = itemIndex.size));
    let m = memberIndex.get(row.member_id);
    if (m === undefined) {
      memberIndex.set(row.member_id, (m = memberIndex.size));
      train.push([]);
      test.push([]);
    }
    if (row.before) train[m]!.push(i);
    else if (row.after) test[m]!.push(i);
  }

  const itemCount = itemIndex.size;
  const model = fitItemSimilarity(train, itemCount, { neighbours: params.neighbours });
  const popularity = popularityModel(train, itemCount);
  // New members (nothing before the cutoff) are a cold start where both recommenders give popularity: left out.
  const scored = train.flatMap((history, m) => (history.length > 0 && test[m]!.length > 0 ? [m] : []));
  const actual = scored.map((m) => test[m]!);
  const byModel = scored.map((m) => recommendFor(train[m]!, model, { n: k }));
  const byPopularity = scored.map((m) => recommendPopular(train[m]!, popularity, { n: k }));
  const hitRate = { model: hitRateAtK(byModel, actual, k), popularity: hitRateAtK(byPopularity, actual, k) };
  return {
    level,
    cutoff: params.cutoff,
    horizonDays,
    k,
    members: scored.length,
    items: itemCount,
    trainMembers: train.filter((h) => h.length > 0).length,
    hitRate,
    recall: { model: recallAtK(byModel, actual, k), popularity: recallAtK(byPopularity, actual, k) },
    ratio: hitRate.model / hitRate.popularity,
  };
}

/** Lines for scripts/models-evaluate.ts. */
export function formatRecommendationEvaluation(result: RecommendationEvaluation): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return [
    `Recommendations (${result.level} level, cutoff ${result.cutoff.toISOString().slice(0, 10)}, new items in the next ${result.horizonDays} days, k = ${result.k}):`,
    `  ${result.members} members scored of ${result.trainMembers} with history, ${result.items} items`,
    `  hit rate@${result.k}: item-item ${pct(result.hitRate.model)}, popularity ${pct(result.hitRate.popularity)} (${result.ratio.toFixed(2)}x)`,
    `  recall@${result.k}:   item-item ${pct(result.recall.model)}, popularity ${pct(result.recall.popularity)}`,
  ];
}
