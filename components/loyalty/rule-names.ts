import "server-only";
import type { Db } from "@/db/client";
import { listTiers, loyaltyOptions, type LoyaltyOptions, type TierView } from "@/db/queries/loyalty/admin-views";
import { currency } from "@/db/schema/enums";
import type { Scope } from "@/lib/auth/permissions";
import type { RuleFormOptions } from "./rule-condition-fields";
import type { RuleNames } from "./rule-summary";

export interface RuleContext {
  names: RuleNames;
  options: RuleFormOptions;
  tiers: TierView[];
  lookups: LoyaltyOptions;
}

/** What the rule pages read to name a rule's categories, stores and tiers and to fill the form's pickers. */
export async function loadRuleContext(db: Db, params: { programId: string; scope: Scope }): Promise<RuleContext> {
  const [lookups, tiers] = await Promise.all([loyaltyOptions(db, { scope: params.scope }), listTiers(db, { programId: params.programId })]);
  return {
    names: {
      categories: new Map(lookups.categories.map((c) => [c.code, c.name])),
      stores: new Map(lookups.stores.map((s) => [s.id, s.name])),
      tiers: new Map(tiers.map((t) => [t.id, t.name])),
    },
    options: {
      categories: lookups.categories,
      stores: lookups.stores.map((s) => ({ id: s.id, name: s.name })),
      tiers: tiers.filter((t) => t.active).map((t) => ({ id: t.id, name: t.name })),
      channels: lookups.channels,
      currencies: [...currency.enumValues],
    },
    tiers,
    lookups,
  };
}
