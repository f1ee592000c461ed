import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { escapeLike, selectRows, unitFromHex } from "@/db/sql";

export interface SeedConsentsOptions {
  /** Same seed, same decisions. */
  seed: number;
  /** Withdrawals fall between joining and this moment. */
  now: Date;
  /** Only members whose member number starts with this (a tagged demo run); all members when absent. */
  externalIdPrefix?: string;
}

/**
 * Plausible decisions per purpose for demo members, drawn from an md5 of (member, purpose, seed), so the
 * same program gets the same consents. Rates: e-mail marketing granted by 62% of members with an e-mail
 * (12% of them withdraw later), SMS by 30% of those with a phone (15%), push 35% (10%), in-app messages
 * on legitimate interest for 80% (8% object); personalization and analytics rest on legitimate interest
 * recorded at joining, with 6% and 3% objecting later.
 */
const PLAN = sql`(VALUES
  ('marketing_email', 'consent', 0.62, 0.12, 'email'),
  ('marketing_sms', 'consent', 0.30, 0.15, 'phone'),
  ('marketing_push', 'consent', 0.35, 0.10, 'any'),
  ('marketing_in_app', 'legitimate_interest', 0.80, 0.08, 'any'),
  ('personalization', 'legitimate_interest', 1.00, 0.06, 'any'),
  ('analytics', 'legitimate_interest', 1.00, 0.03, 'any')
) AS p(purpose, basis, grant_rate, withdraw_rate, needs)`;

// Members are taken in 16 slices by the first hex digit of their id, so one statement's transition table
// (and the trigger's sort) stays near a sixteenth of the whole at a million members.
const SLICES = "0123456789abcdef".split("");

/** Writes the demo consents of members who have none yet; returns the number of events written. */
export async function seedConsents(db: Db, options: SeedConsentsOptions): Promise<number> {
  const prefix = options.externalIdPrefix ? sql`AND m.external_id LIKE ${`${escapeLike(options.externalIdPrefix)}%`}` : sql``;
  const now = options.now.toISOString();
  let written = 0;
  for (const slice of SLICES) {
    const [row] = await selectRows<{ n: number }>(
      db,
      sql`WITH draws AS (
            SELECT m.id AS member_id, m.joined_at, p.purpose::consent_purpose AS purpose, p.basis::lawful_basis AS basis,
                   p.grant_rate, p.withdraw_rate,
                   ${unitFromHex(sql`h.h`, 1)} AS r_grant,
                   ${unitFromHex(sql`h.h`, 9)} AS r_withdraw,
                   ${unitFromHex(sql`h.h`, 17)} AS r_time,
                   (ARRAY['pos', 'web', 'app']::consent_source[])[1 + ('x' || substr(h.h, 25, 2))::bit(8)::int % 3] AS source
            FROM members m CROSS JOIN ${PLAN}
            CROSS JOIN LATERAL (SELECT md5(m.id::text || p.purpose || ${String(options.seed)}) AS h) h
            WHERE m.id::text LIKE ${`${slice}%`} AND m.status <> 'erased' ${prefix}
              AND NOT EXISTS (SELECT 1 FROM member_consents c WHERE c.member_id = m.id)
              AND (p.needs = 'any' OR (p.needs = 'email' AND m.email IS NOT NULL) OR (p.needs = 'phone' AND m.phone IS NOT NULL))
          ), events AS (
            INSERT INTO consent_events (member_id, purpose, status, lawful_basis, source, actor_kind, occurred_at)
            SELECT member_id, purpose, 'granted'::consent_status, basis, source, 'system'::audit_actor_kind, joined_at FROM draws WHERE r_grant < grant_rate
            UNION ALL
            SELECT member_id, purpose, 'withdrawn'::consent_status, basis, source, 'system'::audit_actor_kind,
                   joined_at + (greatest(${now}::timestamptz, joined_at) - joined_at) * (0.05 + 0.95 * r_time)
            FROM draws WHERE r_grant < grant_rate AND r_withdraw < withdraw_rate
            RETURNING 1
          )
          SELECT count(*)::int AS n FROM events`,
    );
    written += row?.n ?? 0;
  }
  return written;
}
