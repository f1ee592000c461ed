import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { PolicyForm } from "@/components/loyalty/policy-form";
import { PolicyView } from "@/components/loyalty/policy-view";
import { TierForm } from "@/components/loyalty/tier-form";
import { TiersTable } from "@/components/loyalty/tiers-table";
import { EmptyState } from "@/components/members/empty-state";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig, listTiers } from "@/db/queries/loyalty/admin-views";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.tiers");
  return { title: t("title") };
}

export default async function TiersPage() {
  await connection();
  const viewer = await requirePagePermission("loyalty:view");
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const [tiers, t] = await Promise.all([listTiers(db, { programId: program.id }), getTranslations("loyalty")]);
  const canManage = can(viewer.role, "rules:manage");
  const basis = { basis: program.tierBasis, currency: program.currency, windowMonths: program.tierWindowMonths };
  const nextRank = tiers.filter((tier) => tier.active).reduce((n, tier) => Math.max(n, tier.rank + 1), 0);
  return (
    <div className="space-y-6">
      <PageHeader title={t("tiers.title")} description={t(program.tierBasis === "points" ? "tiers.descriptionPoints" : "tiers.descriptionSpend", { months: program.tierWindowMonths })} />
      {tiers.length === 0 ? (
        <EmptyState title={t("tiers.emptyTitle")} body={t("tiers.emptyBody")} />
      ) : (
        <TiersTable tiers={tiers} canManage={canManage} {...basis} />
      )}
      {canManage ? (
        <Card>
          <CardHeader title={t("tiers.addTitle")} description={t("tiers.addDescription")} />
          <TierForm initial={{ name: "", rank: String(nextRank), threshold: "", earningFactor: "1", benefits: "" }} {...basis} />
        </Card>
      ) : null}
      <Card aria-labelledby="policy-title">
        <CardHeader title={<span id="policy-title">{t("policy.title")}</span>} description={t("policy.description")} />
        {canManage ? (
          <PolicyForm
            initial={{
              returnWindowDays: String(program.returnWindowDays),
              expiryKind: program.expiryKind,
              expiryMonths: String(program.expiryMonths),
              expiryDate: program.expiryDate ?? "",
              negativeBalancePolicy: program.negativeBalancePolicy,
              tierBasis: program.tierBasis,
              tierWindowMonths: String(program.tierWindowMonths),
              tierReviewMonths: String(program.tierReviewMonths),
              tierDowngradePolicy: program.tierDowngradePolicy,
            }}
          />
        ) : (
          <PolicyView program={program} />
        )}
      </Card>
    </div>
  );
}
