import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RewardForm } from "@/components/loyalty/reward-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig, listTiers } from "@/db/queries/loyalty/admin-views";
import { currency } from "@/db/schema/enums";
import { requirePagePermission } from "@/lib/auth/session";
import { emptyRewardForm } from "@/lib/loyalty/reward-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.rewardForm");
  return { title: t("newTitle") };
}

export default async function NewRewardPage() {
  await connection();
  await requirePagePermission("rewards:manage");
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const [tiers, t] = await Promise.all([listTiers(db, { programId: program.id }), getTranslations("loyalty.rewardForm")]);
  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <Card>
        <RewardForm initial={emptyRewardForm(program.currency)} tiers={tiers.filter((tier) => tier.active)} currencies={currency.enumValues} timeZone={program.timeZone} />
      </Card>
    </>
  );
}
