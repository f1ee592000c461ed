import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { CampaignBuilder } from "@/components/campaigns/builder/campaign-builder";
import { campaignToForm } from "@/components/campaigns/builder/form-values";
import { BackLink } from "@/components/segments/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getCampaign } from "@/db/queries/campaigns";
import { requirePagePermission } from "@/lib/auth/session";
import { campaignBuilderOptions } from "../../builder-options";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.builder");
  return { title: t("editTitle") };
}

export default async function EditCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const viewer = await requirePagePermission("campaigns:manage");
  const { id } = await params;
  const db = await getDb();
  const campaign = await getCampaign(db, { id });
  if (!campaign) notFound();
  // Only a draft changes: a launched campaign's settings are what its results are measured against.
  if (campaign.status !== "draft") redirect(`/campaigns/${campaign.id}`);
  const [options, t] = await Promise.all([campaignBuilderOptions(db, { scope: viewer.scope, draft: campaign }), getTranslations("campaigns.builder")]);
  return (
    <>
      <BackLink href={`/campaigns/${campaign.id}`} label={campaign.name} />
      <PageHeader title={t("editTitle")} description={campaign.name} />
      <CampaignBuilder campaign={{ id: campaign.id, version: campaign.version }} initial={campaignToForm(campaign, { timeZone: options.timeZone })} {...options} />
    </>
  );
}
