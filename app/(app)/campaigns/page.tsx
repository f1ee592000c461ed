import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { CampaignsTable } from "@/components/campaigns/campaigns-table";
import { EmptyState } from "@/components/members/empty-state";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listCampaigns } from "@/db/queries/campaigns";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.list");
  return { title: t("metaTitle") };
}

export default async function CampaignsPage() {
  await connection();
  const viewer = await requirePagePermission("campaigns:view");
  const [rows, t] = await Promise.all([listCampaigns(await getDb()), getTranslations("campaigns.list")]);
  const canManage = can(viewer.role, "campaigns:manage");
  const newButton = canManage ? (
    <Link href="/campaigns/new" className={buttonClass("primary")}>
      {t("new")}
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />
      {rows.length === 0 ? <EmptyState title={t("emptyTitle")} body={canManage ? t("emptyBody") : t("emptyBodyViewer")} /> : <CampaignsTable rows={rows} />}
    </>
  );
}
