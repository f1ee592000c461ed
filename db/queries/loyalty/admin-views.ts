import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { trimDecimal } from "@/lib/loyalty/money";
import type { Db } from "../../client";
import type { Currency, SalesChannel } from "../../schema/enums";
import { jsonColumn, selectRows } from "../../sql";
import { isUuid, storeCondition } from "../scope";
import { getProgramConfig, resolveProgramId, type ProgramConfig } from "./config";

/** What the loyalty admin pages read besides the rules and rewards themselves. */

/** The default program's configuration: the one the admin UI shows and edits. */
export async function defaultProgramConfig(db: Db): Promise<ProgramConfig> {
  return getProgramConfig(db, await resolveProgramId(db));
}

export interface TierView {
  id: string;
  name: string;
  rank: number;
  threshold: number;
  earningFactor: string;
  benefits: string[];
  active: boolean;
  /** Members holding the tier now. */
  members: number;
}

/** Every tier of the program, retired ones included, by rank (active first). */
export async function listTiers(db: Db, params: { programId: string }): Promise<TierView[]> {
  const rows = await selectRows<{ id: string; name: string; rank: number; threshold: number; earning_factor: string; benefits: string[] | string; active: boolean; members: number }>(
    db,
    sql`select t.id, t.name, t.rank, t.threshold::float8 as threshold, t.earning_factor::text as earning_factor, t.benefits, t.active,
               (select count(*)::int from member_points p where p.program_id = t.program_id and p.tier_id = t.id) as members
          from loyalty_tiers t where t.program_id = ${params.programId}
         order by t.active desc, t.rank, t.created_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    rank: r.rank,
    threshold: r.threshold,
    earningFactor: trimDecimal(r.earning_factor),
    benefits: jsonColumn(r.benefits),
    active: r.active,
    members: r.members,
  }));
}

export interface StoreOption {
  id: string;
  code: string;
  name: string;
  kind: "physical" | "online";
  currency: Currency;
}

export interface LoyaltyOptions {
  categories: { code: string; name: string }[];
  /** The caller's stores. */
  stores: StoreOption[];
  channels: SalesChannel[];
}

/** The pickers of the rule form and the basket preview. */
export async function loyaltyOptions(db: Db, params: { scope: Scope }): Promise<LoyaltyOptions> {
  const [categories, stores] = await Promise.all([
    selectRows<{ code: string; name: string }>(db, sql`select code, name from categories order by name, code`),
    selectRows<StoreOption>(db, sql`select s.id, s.code, s.name, s.kind, s.currency from stores s where ${storeCondition(sql`s.id`, params.scope)} order by s.kind, s.name, s.code`),
  ]);
  return { categories, stores, channels: ["pos", "online", "app"] };
}

/**
 * The member with this number, when the caller's scope reaches them (store managers: their stores'
 * members); null otherwise, so a member elsewhere looks unknown.
 */
export async function findMemberInScope(db: Db, params: { externalId: string; scope: Scope }): Promise<{ id: string } | null> {
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`select m.id from members m where m.external_id = ${params.externalId} and m.status <> 'erased' and ${storeCondition(sql`m.home_store_id`, params.scope)} limit 1`,
  );
  return row ?? null;
}

/** Staff names by id (for "changed by" columns); unknown ids are left out. */
export async function staffNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null && isUuid(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await selectRows<{ id: string; name: string }>(db, sql`select id, name from staff_users where id in ${wanted}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}
