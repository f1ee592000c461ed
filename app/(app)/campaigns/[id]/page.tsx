import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { CampaignActions } from "@/components/campaigns/campaign-actions";
import { CampaignSettings } from "@/components/campaigns/campaign-settings";
import { EstimateCard } from "@/components/campaigns/estimate-card";
import { ResultsSection } from "@/components/campaigns/results-section";
import { CampaignStatusBadge } from "@/components/campaigns/status-badge";
import { BackLink } from "@/components/segments/back-link";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { campaignResults } from "@/db/queries/campaign-results";
import { getCampaign } from "@/db/queries/campaigns";
import { programTimeZone } from "@/db/queries/segments-rule";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { estimateCampaign, type CampaignEstimate } from "@/lib/campaigns/estimate";
import { AppError } from "@/lib/errors";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.page");
  return { title: t("metaTitle") };
}

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const viewer = await requirePagePermission("campaigns:view");
  const { id } = await params;
  const db = await getDb();
  const campaign = await getCampaign(db, { id });
  if (!campaign) notFound();
  const beforeLaunch = campaign.status === "draft" || campaign.status === "awaiting_approval";
  const [timeZone, estimate, results, t, tl] = await Promise.all([
    programTimeZone(db),
    beforeLaunch ? estimateOrNull(() => estimateCampaign(db, { campaignId: campaign.id })) : null,
    campaign.launchedAt ? campaignResults(db, { campaignId: campaign.id }) : null,
    getTranslations("campaigns"),
    getTranslations("campaigns.list"),
  ]);
  const variants = campaign.variants.map((v) => ({ id: v.id, position: v.position, name: v.name }));
  return (
    <div className="space-y-6">
      <div>
        <BackLink href="/campaigns" label={tl("title")} />
        <PageHeader
          title={
            <span className="flex flex-wrap items-center gap-3">
              {campaign.name}
              <CampaignStatusBadge status={campaign.status} />
            </span>
          }
          description={t("page.byline", { goal: t(`goals.${campaign.goal}`), audience: campaign.segmentName ?? t("allMembers") })}
          actions={
            <>
              {can(viewer.role, "campaigns:manage") && campaign.status === "draft" ? (
                <Link href={`/campaigns/${campaign.id}/edit`} className={buttonClass("secondary")}>
                  {t("actions.edit")}
                </Link>
              ) : null}
              <CampaignActions id={campaign.id} name={campaign.name} status={campaign.status} canLaunch={can(viewer.role, "campaigns:launch")} canApprove={can(viewer.role, "campaigns:approve")} />
            </>
          }
        />
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <Card aria-labelledby="settings-title" className="lg:col-span-2">
          <CardHeader title={<span id="settings-title">{t("settings.title")}</span>} />
          <CampaignSettings campaign={campaign} timeZone={timeZone} />
        </Card>
        {beforeLaunch ? <EstimateCard estimate={estimate} currency={campaign.currency} hasBudget={campaign.budgetMinor !== null} awaitingApproval={campaign.status === "awaiting_approval"} /> : null}
      </div>

      {results ? <ResultsSection campaignId={campaign.id} results={results} variants={variants} winnerVariantId={campaign.winnerVariantId} currency={campaign.currency} /> : null}
    </div>
  );
}

/** An estimate the campaign's own data refuses (its segment archived meanwhile) is shown as unavailable, not as an error page. */
async function estimateOrNull(estimate: () => Promise<CampaignEstimate>): Promise<CampaignEstimate | null> {
  try {
    return await estimate();
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}
