/**
 * Personalization for e2e/personalization.spec.ts, prepared by the e2e server before the app starts: the
 * recommendations and the redemption propensity trained once (as `npm run demo` does, the latter on the
 * demo's past campaigns), the model page's figures, and a member of the store manager's stores whose
 * member 360 shows a next best offer, preferring one whose reason rests on a rarely bought category. Run
 * after the campaign fixture: its audience (which the campaigns spec sends offers to) is left out.
 */
import { writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { getMemberOffers } from "../../db/queries/member-offers";
import { trainAndScorePropensity } from "../../db/queries/offer-propensity-job";
import { trainRecommendations } from "../../db/queries/recommendations-train";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { selectRows } from "../../db/sql";
import { offerReasonText } from "../../lib/personalization/reason-text";
import { personalizationTranslator } from "../../lib/personalization/translate";
import { PERSONALIZATION_FIXTURE_FILE, type PersonalizationFixture } from "./personalization-expectations";

const PREFERRED = ["never_tried", "rarely_buys"];

export async function preparePersonalizationFixture(db: Db): Promise<void> {
  const now = new Date();
  const trained = await trainRecommendations(db, { now });
  console.log(`e2e recommendations: ${trained.members} members, ${trained.products} products, ${(trained.elapsedMs / 1000).toFixed(1)} s`);
  const propensity = await trainAndScorePropensity(db, { now });
  if (!propensity.trained) throw new Error(`the e2e demo trains no propensity model: ${propensity.reason}`);
  const percent = (x: number | undefined) => new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(x ?? Number.NaN);
  const auc = (x: number | undefined) => new Intl.NumberFormat("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x ?? Number.NaN);
  const modelPage = {
    hitRate: percent(trained.metrics.hitRateAt10),
    popularityHitRate: percent(trained.metrics.popularityHitRateAt10),
    auc: auc(propensity.metrics.auc),
    baselineAuc: auc(propensity.metrics.baselineAuc),
  };
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  const candidates = await selectRows<{ id: string }>(
    db,
    sql`SELECT m.id::text AS id FROM members m
         WHERE m.status = 'active'
           AND m.home_store_id IN (SELECT us.store_id FROM staff_user_stores us JOIN staff_users u ON u.id = us.staff_user_id WHERE u.email = ${manager.email})
           AND m.id NOT IN (SELECT sm.member_id FROM segment_members sm JOIN segments s ON s.id = sm.segment_id WHERE s.name = 'E2E campaign audience')
         ORDER BY m.id LIMIT 300`,
  );
  const t = await personalizationTranslator("en");
  let chosen: PersonalizationFixture | null = null;
  for (const { id } of candidates) {
    const view = await getMemberOffers(db, { memberId: id, scope: { kind: "all" }, now });
    const offer = view?.offers.find((o) => PREFERRED.includes(o.reason.code)) ?? view?.offers[0];
    if (!view || !offer || view.recommendations.length === 0) continue;
    const reasonText = offerReasonText(t, offer.reason, { locale: "en", currency: view.currency, offer: offer.candidate.name, categoryName: (c) => view.categoryNames[c] ?? c });
    const preferred = PREFERRED.includes(offer.reason.code);
    if (!chosen || preferred) chosen = { memberId: id, offer: offer.candidate.name, reasonCode: offer.reason.code, reasonText, product: view.recommendations[0]!.name, modelPage };
    if (preferred) break;
  }
  if (!chosen) throw new Error("no member of the store manager's stores has a next best offer");
  writeFileSync(PERSONALIZATION_FIXTURE_FILE, JSON.stringify(chosen, null, 2));
}
