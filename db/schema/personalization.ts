import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, smallint, timestamp, uuid } from "drizzle-orm/pg-core";
import { products } from "./catalog";

/** recommendations: item-item neighbours (lib/models/recommend.ts); redemption_propensity: lib/models/propensity.ts. */
export const personalizationModelKind = pgEnum("personalization_model_kind", ["recommendations", "redemption_propensity"]);

/**
 * Trained personalization models, newest per kind in use (docs/personalization.md). A row keeps what the
 * batch training produced (coefficients for the propensity model; the neighbours live in product_neighbours)
 * and how it did on its held-out time split, which the model page shows.
 */
export const personalizationModels = pgTable(
  "personalization_models",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: personalizationModelKind().notNull(),
    /** Training data ends here (the time split's cutoff for the evaluation figures). */
    trainedThrough: timestamp({ withTimezone: true }).notNull(),
    model: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Held-out figures: hit rate and recall at 10 against popularity, AUC against "redeemed before". */
    metrics: jsonb().$type<Record<string, number>>().notNull(),
    samples: integer().notNull(),
    elapsedMs: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.kind, t.createdAt)],
);

/**
 * The recommendation model's item-item neighbours, rewritten whole by each training: a member's
 * recommendations at request time are the summed scores of their products' neighbours, one index range
 * per product (served by GET /api/v1/members/{id}/offers and member 360).
 */
export const productNeighbours = pgTable(
  "product_neighbours",
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    rank: smallint().notNull(),
    neighbourId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    score: real().notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.rank] }), check("product_neighbours_rank", sql`${t.rank} >= 1`)],
);
