import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { hasConsent } from "@/lib/privacy/consent";
import type { Db } from "../client";
import { jsonColumn, selectRows } from "../sql";
import type { RecommendationModelData } from "./recommendations-train";
import { isUuid, storeCondition } from "./scope";

export interface RecommendationModel {
  id: string;
  trainedThrough: Date;
  data: RecommendationModelData;
}

export type RecommendationReason = { code: "bought_with"; productId: string; productName: string } | { code: "popular" };

export interface ProductRecommendation {
  productId: string;
  sku: string;
  name: string;
  categoryId: string | null;
  category: string | null;
  /** Summed cosine similarity to the member's products; null for a popularity fill. */
  score: number | null;
  reason: RecommendationReason;
}

// A model row never changes once written: one parse per process and row, whatever the number of requests.
const parsed = new Map<string, RecommendationModel>();

/** The newest `recommendations` model (one index probe; the row's jsonb is read once per process). */
export async function latestRecommendationModel(db: Db): Promise<RecommendationModel | null> {
  const [head] = await selectRows<{ id: string; trained_ms: number }>(
    db,
    sql`SELECT id::text AS id, (extract(epoch FROM trained_through) * 1000)::float8 AS trained_ms
          FROM personalization_models WHERE kind = 'recommendations' ORDER BY created_at DESC LIMIT 1`,
  );
  if (!head) return null;
  const known = parsed.get(head.id);
  if (known) return known;
  const [row] = await selectRows<{ model: RecommendationModelData | string }>(db, sql`SELECT model FROM personalization_models WHERE id = ${head.id}::uuid`);
  if (!row) return null;
  const model = { id: head.id, trainedThrough: new Date(head.trained_ms), data: jsonColumn(row.model) };
  if (parsed.size > 8) parsed.clear();
  parsed.set(head.id, model);
  return model;
}

/**
 * A member's top products at request time, in one statement: the neighbours (product_neighbours) of the
 * products they bought, scored by summed similarity, what they bought left out, each with the bought product
 * that counts most for it as the reason; the model's most popular products fill the list up. Ties go to the
 * more popular product, as in lib/models/recommend.ts. Nothing for a member out of scope, erased or objecting
 * to profiling.
 */
export async function memberRecommendations(
  db: Db,
  params: { memberId: string; scope: Scope; model: RecommendationModel; limit?: number },
): Promise<ProductRecommendation[]> {
  if (!isUuid(params.memberId)) return [];
  const limit = params.limit ?? 10;
  const popular = `{${params.model.data.popular.filter(isUuid).join(",")}}`;
  const rows = await selectRows<{
    product_id: string;
    sku: string;
    name: string;
    category_id: string | null;
    category: string | null;
    score: number | null;
    because_id: string | null;
    because_name: string | null;
  }>(
    db,
    sql`WITH member AS (
          SELECT m.id FROM members m
           WHERE m.id = ${params.memberId}::uuid AND m.status <> 'erased' AND ${storeCondition(sql`m.home_store_id`, params.scope)}
             AND ${hasConsent("personalization")}),
        bought AS (
          SELECT DISTINCT l.product_id FROM member
            JOIN transactions t ON t.member_id = member.id AND t.kind = 'sale'
            JOIN transaction_lines l ON l.transaction_id = t.id
           WHERE l.product_id IS NOT NULL),
        scored AS (
          SELECT n.neighbour_id AS product_id, sum(n.score)::float8 AS score,
                 (array_agg(n.product_id ORDER BY n.score DESC, n.product_id))[1] AS because
            FROM product_neighbours n JOIN bought b ON b.product_id = n.product_id
           WHERE n.neighbour_id NOT IN (SELECT product_id FROM bought)
           GROUP BY n.neighbour_id
           ORDER BY score DESC, array_position(${popular}::uuid[], n.neighbour_id) NULLS LAST, n.neighbour_id
           LIMIT ${limit}),
        fill AS (
          SELECT x.id AS product_id, x.ord FROM unnest(${popular}::uuid[]) WITH ORDINALITY AS x(id, ord)
           WHERE EXISTS (SELECT 1 FROM member) AND x.id NOT IN (SELECT product_id FROM bought) AND x.id NOT IN (SELECT product_id FROM scored)
           ORDER BY x.ord LIMIT ${limit}),
        picked AS (
          SELECT product_id, score, because, 0 AS source, 0::bigint AS ord FROM scored
          UNION ALL SELECT product_id, NULL, NULL, 1, ord FROM fill)
        SELECT p.id::text AS product_id, p.sku, p.name, c.id::text AS category_id, c.name AS category, k.score,
               bp.id::text AS because_id, bp.name AS because_name
          FROM picked k JOIN products p ON p.id = k.product_id
          LEFT JOIN categories c ON c.id = p.category_id
          LEFT JOIN products bp ON bp.id = k.because
         ORDER BY k.source, k.score DESC NULLS LAST, k.ord, p.id
         LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    productId: r.product_id,
    sku: r.sku,
    name: r.name,
    categoryId: r.category_id,
    category: r.category,
    score: r.score,
    reason: r.because_id && r.because_name ? { code: "bought_with", productId: r.because_id, productName: r.because_name } : { code: "popular" },
  }));
}
