import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { auditActorKind } from "./enums";

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. Who did what to which entity, with
 * the state before and after.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    actorKind: auditActorKind().notNull(),
    actorId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.createdAt),
    index().on(t.entityType, t.entityId),
    // The audit page filters by actor and by action over a date range.
    index().on(t.actorId, t.createdAt),
    index().on(t.action, t.createdAt),
  ],
);
