import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RedemptionCharts } from "@/components/loyalty/redemption-charts";
import { RewardsTable } from "@/components/loyalty/rewards-table";
import { EmptyState } from "@/components/members/empty-state";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig, listTiers } from "@/db/queries/loyalty/admin-views";
import { rewardStats, weeklyRedemptions } from "@/db/queries/loyalty/redemption-stats";
import { listRewards } from "@/db/queries/loyalty/rewards";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

const CHART_WEEKS = 12;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.rewards");
  return { title: t("title") };
}

export default async function RewardsPage() {
  await connection();
  const viewer = await requirePagePermission("loyalty:view");
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const [rewards, stats, tiers, weekly, t] = await Promise.all([
    listRewards(db, { programId: program.id }),
    rewardStats(db, { programId: program.id }),
    listTiers(db, { programId: program.id }),
    weeklyRedemptions(db, { programId: program.id, timeZone: program.timeZone, weeks: CHART_WEEKS, now: new Date() }),
    getTranslations("loyalty.rewards"),
  ]);
  const canManage = can(viewer.role, "rewards:manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canManage ? (
            <Link href="/loyalty/rewards/new" className={buttonClass("primary")}>
              {t("new")}
            </Link>
          ) : null
        }
      />
      {rewards.length === 0 ? (
        <EmptyState title={t("emptyTitle")} body={t("emptyBody")} />
      ) : (
        <RewardsTable rewards={rewards} stats={stats} tierNames={new Map(tiers.map((tier) => [tier.id, tier.name]))} timeZone={program.timeZone} canManage={canManage} />
      )}
      <Card aria-labelledby="redemptions-title">
        <CardHeader title={<span id="redemptions-title">{t("charts.title")}</span>} description={t("charts.description", { weeks: CHART_WEEKS })} />
        <RedemptionCharts data={weekly} />
      </Card>
    </div>
  );
}
