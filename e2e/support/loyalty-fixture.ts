/**
 * Loyalty data for e2e/loyalty.spec.ts, chosen by the e2e server before the app starts (PGlite allows one
 * process per data directory, so specs cannot query it later): a member outside the store manager's stores,
 * preferably one who never bought (so a receipt the spec posts touches no figure another spec compares), and
 * a physical store in the program's currency to post it at.
 */
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { selectRows } from "../../db/sql";
import { DEMO_USERS } from "../../db/seed/demo-users";

const FILE = path.join(process.cwd(), ".data", "e2e-loyalty.json");

export interface LoyaltyExpectations {
  member: { id: string; externalId: string };
  storeCode: string;
  currency: string;
}

export async function prepareLoyaltyFixture(db: Db): Promise<void> {
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  const [member] = await selectRows<{ id: string; external_id: string }>(
    db,
    sql`select m.id, m.external_id from members m
         where m.status = 'active' and m.external_id is not null and m.home_store_id is not null
           and m.home_store_id not in (select us.store_id from staff_user_stores us join staff_users u on u.id = us.staff_user_id where u.email = ${manager.email})
         order by exists (select 1 from transactions t where t.member_id = m.id), m.joined_at, m.id
         limit 1`,
  );
  const [store] = await selectRows<{ code: string; currency: string }>(
    db,
    sql`select s.code, s.currency from stores s where s.kind = 'physical'
         order by s.currency = (select currency from program_settings where id = 1) desc, s.code limit 1`,
  );
  const expectations: LoyaltyExpectations = { member: { id: member!.id, externalId: member!.external_id }, storeCode: store!.code, currency: store!.currency };
  writeFileSync(FILE, JSON.stringify(expectations, null, 2));
}

export function loadLoyaltyExpectations(): LoyaltyExpectations {
  return JSON.parse(readFileSync(FILE, "utf8")) as LoyaltyExpectations;
}
