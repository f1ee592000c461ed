import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { selectRows } from "@/db/sql";
import { uniqueTag } from "@/test/db";

export interface TestMember {
  id: string;
  storeId: string;
  /** Strings that identify the member and must be unreadable after erasure. */
  personal: { firstName: string; lastName: string; email: string; phone: string; postcode: string; externalId: string; card: string };
}

/**
 * A member whose every personal value is unique to this test (so a scan of the whole database finds only
 * them), with a store, two sales and a return, engagement events whose properties carry personal keys,
 * and identities. `at` dates everything (retention tests use dates long before any other test's data).
 */
export async function createTestMember(db: Db, options: { at?: Date; locale?: string; storeId?: string } = {}): Promise<TestMember> {
  const tag = uniqueTag("pv").replace("-", "");
  const at = options.at ?? new Date(Date.now() - 30 * 86_400_000);
  const personal = {
    firstName: `Fn${tag}`,
    lastName: `Ln${tag}`,
    email: `${tag}@privacy.example`,
    phone: `+49 30 ${tag.slice(-8).replace(/[a-f]/g, "7")}`,
    postcode: `PC${tag}`,
    externalId: `MX${tag}`,
    card: `CARD${tag}`,
  };
  const storeId =
    options.storeId ??
    (await selectRows<{ id: string }>(
      db,
      sql`INSERT INTO stores (code, name, kind, city, country_code, currency, timezone)
          VALUES (${`S-${tag}`}, ${`Store ${tag}`}, 'physical', 'Berlin', 'DE', 'EUR', 'Europe/Berlin') RETURNING id`,
    ))[0]!.id;
  const [member] = await selectRows<{ id: string }>(
    db,
    sql`INSERT INTO members (external_id, email, phone, first_name, last_name, birth_date, postcode, city, country_code, locale, home_store_id, joined_at)
        VALUES (${personal.externalId}, ${personal.email}, ${personal.phone}, ${personal.firstName}, ${personal.lastName}, '1985-04-12',
                ${personal.postcode}, 'Berlin', 'DE', ${options.locale ?? "en"}, ${storeId}, ${at.toISOString()}) RETURNING id`,
  );
  const id = member!.id;
  await db.execute(sql`INSERT INTO member_identities (member_id, kind, value) VALUES
    (${id}, 'email', ${personal.email}), (${id}, 'loyalty_card', ${personal.card}), (${id}, 'phone', ${personal.phone})`);
  const day = (n: number) => new Date(at.getTime() + n * 86_400_000).toISOString();
  await db.execute(sql`INSERT INTO transactions (member_id, store_id, channel, kind, occurred_at, currency, total_minor, item_count, source, external_id)
    VALUES (${id}, ${storeId}, 'pos', 'sale', ${day(1)}, 'EUR', 4250, 2, 'pos', ${`${personal.externalId}-0001`}),
           (${id}, ${storeId}, 'pos', 'sale', ${day(2)}, 'EUR', 1999, 1, 'pos', ${`${personal.externalId}-0002`}),
           (${id}, ${storeId}, 'pos', 'return', ${day(3)}, 'EUR', -1999, 1, 'pos', ${`${personal.externalId}-0002-R`})`);
  await db.execute(sql`INSERT INTO engagement_events (member_id, channel, type, occurred_at, properties, source, external_id) VALUES
    (${id}, 'app', 'app_open', ${day(1)}, ${JSON.stringify({ device: `${personal.firstName}'s phone` })}::jsonb, 'app', ${`${personal.externalId}-E1`}),
    (${id}, 'web', 'review', ${day(2)}, ${JSON.stringify({ sku: "SKU-1", rating: 4, text: `Great, says ${personal.lastName}`, email: personal.email })}::jsonb, 'web', ${`${personal.externalId}-E2`}),
    (${id}, 'email', 'email_open', ${day(2)}, ${JSON.stringify({ campaign: "newsletter-04", to: personal.email })}::jsonb, 'email', ${`${personal.externalId}-E3`})`);
  return { id, storeId, personal };
}

/** The member objects to profiling (consent purpose personalization withdrawn), as of `occurredAt`. */
export async function withdrawProfiling(db: Db, memberId: string, occurredAt = new Date()): Promise<void> {
  await db.execute(sql`INSERT INTO consent_events (member_id, purpose, status, lawful_basis, source, actor_kind, occurred_at)
                       VALUES (${memberId}, 'personalization', 'withdrawn', 'legitimate_interest', 'ui', 'system', ${occurredAt.toISOString()}::timestamptz)`);
}
