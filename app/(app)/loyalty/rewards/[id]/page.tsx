import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RewardCodesForm } from "@/components/loyalty/reward-codes-form";
import { RewardForm } from "@/components/loyalty/reward-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig, listTiers } from "@/db/queries/loyalty/admin-views";
import { rewardStats } from "@/db/queries/loyalty/redemption-stats";
import { getReward } from "@/db/queries/loyalty/rewards";
import { isUuid } from "@/db/queries/scope";
import { currency } from "@/db/schema/enums";
import { requirePagePermission } from "@/lib/auth/session";
import { rewardToForm } from "@/lib/loyalty/reward-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.rewardForm");
  return { title: t("editTitle") };
}

export default async function EditRewardPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  await requirePagePermission("rewards:manage");
  const { id } = await params;
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const reward = isUuid(id) ? await getReward(db, id) : null;
  if (!reward || reward.programId !== program.id) notFound();
  const [tiers, stats, t] = await Promise.all([listTiers(db, { programId: program.id }), rewardStats(db, { programId: program.id }), getTranslations("loyalty")]);
  const free = stats.get(reward.id)?.freeCodes ?? 0;
  return (
    <div className="space-y-6">
      <PageHeader title={reward.name} description={t("rewardForm.editDescription")} />
      <Card>
        <RewardForm
          rewardId={reward.id}
          initial={rewardToForm(reward, { timeZone: program.timeZone, currency: program.currency })}
          tiers={tiers.filter((tier) => tier.active || reward.eligibleTierIds.includes(tier.id))}
          currencies={currency.enumValues}
          timeZone={program.timeZone}
        />
      </Card>
      <Card>
        <CardHeader title={t("rewardCodes.title")} description={t("rewardCodes.description", { count: free })} />
        <RewardCodesForm rewardId={reward.id} />
      </Card>
    </div>
  );
}
