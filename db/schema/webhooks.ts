import { bigint, boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffUsers } from "./staff";

/** What a receiver can subscribe to. */
export const webhookEventType = pgEnum("webhook_event_type", ["tier_changed", "points_expiring", "reward_redeemed", "campaign_offer"]);
export type WebhookEventType = (typeof webhookEventType.enumValues)[number];

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "delivered", "dead"]);
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatus.enumValues)[number];

export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid().primaryKey().defaultRandom(),
  url: text().notNull(),
  description: text(),
  events: webhookEventType().array().notNull(),
  /**
   * The signing secret, encrypted (AES-256-GCM, key derived from AUTH_SECRET), not hashed: every delivery
   * signs its body with it, so it must be recoverable (lib/api/webhooks/secret.ts).
   */
  secretEncrypted: text().notNull(),
  active: boolean().notNull().default(true),
  createdBy: uuid().references(() => staffUsers.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The outbox: one row per event and endpoint, written by domain code inside its own transaction
 * (`enqueueWebhook`), so an event is sent if and only if its change committed. Its id is the
 * `Loyalist-Delivery` header, the same on every attempt, so receivers can drop duplicates.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid().notNull(),
    eventType: webhookEventType().notNull(),
    /** The exact JSON body sent on every attempt. */
    body: text().notNull(),
    status: webhookDeliveryStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** When the next attempt is due; while an attempt runs, the end of its lease. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Insertion order, for the admin page's newest-first list. */
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
  },
  (t) => [index().on(t.status, t.nextAttemptAt), index().on(t.endpointId, t.seq)],
);
