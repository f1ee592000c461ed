import { pgSchema, primaryKey, real, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members";

/**
 * What the demo generator knows and the product must not: each member's true purchase rate, the moment
 * they lapse for good, the behaviour group they were planted in, and how they respond to each offer type.
 * Kept in a schema of its own so that no product query reads it by accident; only tests, model evaluation
 * and campaign simulation read it.
 */
export const groundTruth = pgSchema("ground_truth");

export const behaviourGroup = groundTruth.enum("behaviour_group", [
  "weekend_online_big_basket",
  "weekday_instore_regular",
  "deal_seeker",
  "app_first_young",
  "occasional_gift_buyer",
]);

export const offerType = groundTruth.enum("offer_type", [
  "amount_off",
  "percent_off",
  "free_product",
  "buy_one_get_one",
  "points_multiplier",
  "event_invitation",
]);

export const truthMembers = groundTruth.table("members", {
  memberId: uuid()
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  /** Expected purchases per year while alive (gamma-distributed across members). */
  purchaseRatePerYear: real().notNull(),
  /** Probability of lapsing for good after each purchase (beta-distributed across members). */
  lapseProbability: real().notNull(),
  /** When the member stopped for good; null while alive at the end of the generated period. */
  lapsedAt: timestamp({ withTimezone: true }),
  behaviourGroup: behaviourGroup().notNull(),
  priceSensitivity: real().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const truthOfferResponse = groundTruth.table(
  "offer_response",
  {
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    offerType: offerType().notNull(),
    /** Probability that the member redeems an offer of this type when it reaches them. */
    propensity: real().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.offerType] })],
);
