import { sql, type SQL } from "drizzle-orm";

/*
 * No `import "server-only"`: the churn feature extraction (db/queries/features/churn.ts) reads this, and it
 * runs from plain Node too (scripts, the bench). A SQL fragment only; nothing here reaches a client bundle.
 */

/**
 * SQL subquery: the ids of members who withdrew (or objected to) profiling. Churn scores, segments built
 * on scores and model training leave them out: `where m.id not in (${membersWithoutProfilingConsent()})`.
 * Erased members are in it too (erasure withdraws every purpose).
 */
export function membersWithoutProfilingConsent(): SQL {
  return sql`SELECT member_id FROM member_consents WHERE purpose = 'personalization' AND status = 'withdrawn'`;
}
