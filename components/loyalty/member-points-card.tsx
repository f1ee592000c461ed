import { getFormatter, getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { defaultProgramConfig, listTiers } from "@/db/queries/loyalty/admin-views";
import { listLedgerEntries } from "@/db/queries/loyalty/points";
import { listRewards } from "@/db/queries/loyalty/rewards";
import { listEarningRules } from "@/db/queries/loyalty/rules";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/session";
import { getMemberLoyalty } from "@/lib/loyalty/member-loyalty";
import { AdjustPointsForm } from "./adjust-points-form";
import { PointsLedger } from "./points-ledger";
import { PointsLots } from "./points-lots";
import { RedeemRewardForm } from "./redeem-reward-form";
import { TierProgress } from "./tier-progress";

const LEDGER_ENTRIES = 20;

function Figure({ label, value, text, testId }: { label: string; value: number; text: string; testId: string }) {
  return (
    <div>
      <dt className="text-xs text-[var(--text-muted)]">{label}</dt>
      <dd className="tabular text-xl font-semibold" data-testid={testId} data-value={value}>
        {text}
      </dd>
    </div>
  );
}

/**
 * The member page's points: balance, tier and progress, open lots with their expiry, the latest ledger
 * entries with their rules; an admin's adjustment and, for staff who may, a reward's redemption. The
 * caller's scope was checked by the page; the queries check it again.
 */
export async function MemberPointsCard({ memberId, erased, viewer }: { memberId: string; erased: boolean; viewer: Viewer }) {
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const loyalty = await getMemberLoyalty(db, { memberId, scope: viewer.scope, programId: program.id });
  if (!loyalty) return null;
  const mayRedeem = can(viewer.role, "rewards:redeem") && !erased;
  const [entries, rules, tiers, rewards, t, format] = await Promise.all([
    listLedgerEntries(db, { programId: program.id, memberId, scope: viewer.scope, limit: LEDGER_ENTRIES }),
    listEarningRules(db, { programId: program.id }),
    listTiers(db, { programId: program.id }),
    mayRedeem ? listRewards(db, { programId: program.id, activeOnly: true }) : Promise.resolve([]),
    getTranslations("loyalty.points"),
    getFormatter(),
  ]);
  const figure = (label: string, value: number, testId: string) => <Figure label={label} value={value} text={format.number(value)} testId={testId} />;
  const { balance } = loyalty;
  const names = { rules: new Map(rules.map((r) => [r.ruleId, r.name])), tiers: new Map(tiers.map((tier) => [tier.id, tier.name])) };
  return (
    <Card aria-labelledby="points-title" data-testid="member-points">
      <CardHeader title={<span id="points-title">{t("title")}</span>} description={t("description")} />
      <dl className="mb-4 grid grid-cols-2 gap-3">
        {figure(t("available"), balance.available, "points-available")}
        {figure(t("pending"), balance.pending, "points-pending")}
        {balance.debt > 0 ? figure(t("debt"), balance.debt, "points-debt") : null}
        {figure(t("expiringSoon"), loyalty.expiringSoon, "points-expiring")}
      </dl>
      <TierProgress tier={loyalty.tier} />
      <h3 className="mb-1 mt-5 text-sm font-semibold">{t("lotsTitle")}</h3>
      <PointsLots lots={loyalty.lots} timeZone={program.timeZone} />
      <details className="mt-4 text-sm" open>
        <summary className="cursor-pointer font-semibold">{t("ledgerTitle", { count: LEDGER_ENTRIES })}</summary>
        <PointsLedger entries={entries} names={names} timeZone={program.timeZone} />
      </details>
      {mayRedeem ? (
        <section className="mt-5 border-t border-[var(--border)] pt-4" aria-labelledby="redeem-title">
          <h3 id="redeem-title" className="mb-2 text-sm font-semibold">
            {t("redeemTitle")}
          </h3>
          <RedeemRewardForm memberId={memberId} rewards={rewards.map((r) => ({ id: r.id, name: r.name, pointsPrice: r.pointsPrice }))} available={balance.available} />
        </section>
      ) : null}
      {can(viewer.role, "points:adjust") && !erased ? (
        <section className="mt-5 border-t border-[var(--border)] pt-4" aria-labelledby="adjust-title">
          <h3 id="adjust-title" className="mb-2 text-sm font-semibold">
            {t("adjustTitle")}
          </h3>
          <AdjustPointsForm memberId={memberId} />
        </section>
      ) : null}
    </Card>
  );
}
