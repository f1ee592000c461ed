import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { CampaignBuilder } from "@/components/campaigns/builder/campaign-builder";
import { emptyCampaignForm } from "@/components/campaigns/builder/form-values";
import { BackLink } from "@/components/segments/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { campaignBuilderOptions } from "../builder-options";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.builder");
  return { title: t("newTitle") };
}

export default async function NewCampaignPage() {
  await connection();
  const viewer = await requirePagePermission("campaigns:manage");
  const [options, t, tl] = await Promise.all([
    getDb().then((db) => campaignBuilderOptions(db, { scope: viewer.scope })),
    getTranslations("campaigns.builder"),
    getTranslations("campaigns.list"),
  ]);
  return (
    <>
      <BackLink href="/campaigns" label={tl("title")} />
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <CampaignBuilder campaign={null} initial={emptyCampaignForm()} {...options} />
    </>
  );
}
