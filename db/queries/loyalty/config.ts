import "server-only";
import { sql } from "drizzle-orm";
import type { EarningRule, TierDefinition } from "@/lib/loyalty/rule-types";
import { LoyaltyError } from "@/lib/loyalty/errors";
import { trimDecimal } from "@/lib/loyalty/money";
import type { Db } from "../../client";
import type { Currency } from "../../schema/enums";
import { selectRows } from "../../sql";

export type ExpiryKind = "rolling_months" | "fixed_date" | "never";
export type NegativeBalancePolicy = "allow_negative" | "write_off";
export type TierBasis = "points" | "spend";
export type TierDowngradePolicy = "to_qualified" | "one_step" | "never";

/** A program's policies, current earning rules and active tiers: what every points operation reads. */
export interface ProgramConfig {
  id: string;
  code: string;
  name: string;
  currency: Currency;
  /** The program's zone, or the program settings' zone when it has none. */
  timeZone: string;
  onlineStoreId: string | null;
  returnWindowDays: number;
  expiryKind: ExpiryKind;
  expiryMonths: number;
  expiryDate: string | null;
  /** End of expiryDate in the program's zone. */
  fixedExpiryAt: Date | null;
  negativeBalancePolicy: NegativeBalancePolicy;
  tierBasis: TierBasis;
  tierWindowMonths: number;
  tierReviewMonths: number;
  tierDowngradePolicy: TierDowngradePolicy;
  tiersReviewedAt: Date | null;
  revision: number;
  /** Current versions of active rules. */
  rules: EarningRule[];
  /** Active tiers by rank, lowest first. */
  tiers: TierDefinition[];
}

interface RawConfig {
  program: (Omit<ProgramConfig, "rules" | "tiers" | "fixedExpiryAt" | "tiersReviewedAt"> & { fixedExpiryAt: string | null; tiersReviewedAt: string | null }) | null;
  rules: (Omit<EarningRule, "startsAt" | "endsAt"> & { startsAt: string | null; endsAt: string | null })[] | null;
  tiers: TierDefinition[] | null;
}

const cache = new Map<string, ProgramConfig>();
const defaultIds = new WeakMap<object, string>();

async function loadConfig(db: Db, programId: string): Promise<ProgramConfig> {
  const [row] = await selectRows<{ config: string }>(
    db,
    sql`select json_build_object(
      'program', (select json_build_object(
          'id', p.id, 'code', p.code, 'name', p.name, 'currency', p.currency, 'timeZone', z.tz,
          'onlineStoreId', p.online_store_id, 'returnWindowDays', p.return_window_days, 'expiryKind', p.expiry_kind,
          'expiryMonths', p.expiry_months, 'expiryDate', p.expiry_date::text,
          'fixedExpiryAt', ((p.expiry_date + 1)::timestamp at time zone z.tz),
          'negativeBalancePolicy', p.negative_balance_policy, 'tierBasis', p.tier_basis,
          'tierWindowMonths', p.tier_window_months, 'tierReviewMonths', p.tier_review_months,
          'tierDowngradePolicy', p.tier_downgrade_policy, 'tiersReviewedAt', p.tiers_reviewed_at, 'revision', p.revision)
        from loyalty_programs p, lateral (select coalesce(p.timezone, sales_daily_tz()) as tz) z where p.id = ${programId}),
      'rules', (select json_agg(json_build_object(
          'ruleId', v.rule_id, 'version', v.version, 'name', v.name, 'kind', v.kind, 'active', v.active, 'priority', v.priority,
          'combine', v.combine, 'rate', v.rate::text, 'factor', v.factor::text, 'points', v.points, 'trigger', v.trigger,
          'capPerDay', v.cap_per_day, 'capPerMonth', v.cap_per_month, 'startsAt', v.starts_at, 'endsAt', v.ends_at,
          'conditions', v.conditions) order by v.priority desc, v.rule_id)
        from earning_rules r join earning_rule_versions v on v.rule_id = r.id and v.version = r.current_version
        where r.program_id = ${programId} and v.active),
      'tiers', (select json_agg(json_build_object('id', t.id, 'name', t.name, 'rank', t.rank, 'threshold', t.threshold,
          'earningFactor', t.earning_factor::text) order by t.rank)
        from loyalty_tiers t where t.program_id = ${programId} and t.active)
    )::text as config`,
  );
  const raw = JSON.parse(row?.config ?? "{}") as RawConfig;
  if (!raw.program) throw new LoyaltyError("unknown_program", `no loyalty program ${programId}`);
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    ...raw.program,
    revision: Number(raw.program.revision),
    fixedExpiryAt: date(raw.program.fixedExpiryAt),
    tiersReviewedAt: date(raw.program.tiersReviewedAt),
    rules: (raw.rules ?? []).map((r) => ({ ...r, rate: trimDecimal(r.rate), factor: trimDecimal(r.factor), startsAt: date(r.startsAt), endsAt: date(r.endsAt) })),
    tiers: (raw.tiers ?? []).map((t) => ({ ...t, threshold: Number(t.threshold), earningFactor: trimDecimal(t.earningFactor) })),
  };
}

/**
 * The program's configuration, from this process's cache while its revision is current. Callers that
 * already read the revision in their own query pass it and save a round trip.
 */
export async function getProgramConfig(db: Db, programId: string, revision?: number): Promise<ProgramConfig> {
  const cached = cache.get(programId);
  let current = revision;
  if (current === undefined && cached) {
    const [row] = await selectRows<{ revision: number }>(db, sql`select revision::float8 as revision from loyalty_programs where id = ${programId}`);
    if (!row) throw new LoyaltyError("unknown_program", `no loyalty program ${programId}`);
    current = row.revision;
  }
  if (cached && cached.revision === current) return cached;
  const config = await loadConfig(db, programId);
  if (cache.size > 100) cache.clear();
  cache.set(programId, config);
  return config;
}

/**
 * The cached configuration without checking its revision: for callers whose own first query reads the
 * revision (under their locks) and call getProgramConfig again when it moved.
 */
export async function peekProgramConfig(db: Db, programId: string): Promise<ProgramConfig> {
  return cache.get(programId) ?? getProgramConfig(db, programId);
}

/** The program an operation runs in: the one asked for, else the default program (code `default`). */
export async function resolveProgramId(db: Db, programId?: string): Promise<string> {
  if (programId) return programId;
  const known = defaultIds.get(db);
  if (known) return known;
  const [row] = await selectRows<{ id: string }>(db, sql`select id from loyalty_programs where code = 'default'`);
  if (!row) throw new LoyaltyError("unknown_program", "the default loyalty program is missing (migrations not applied?)");
  defaultIds.set(db, row.id);
  return row.id;
}
