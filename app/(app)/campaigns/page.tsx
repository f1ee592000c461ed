import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { ApprovalThresholdForm } from "@/components/campaigns/approval-threshold-form";
import { CampaignsTable } from "@/components/campaigns/campaigns-table";
import { EmptyState } from "@/components/members/empty-state";
import { Card, CardHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { campaignProgram, listCampaigns } from "@/db/queries/campaigns";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { minorToDecimal } from "@/lib/loyalty/money";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("campaigns.list");
  return { title: t("metaTitle") };
}

export default async function CampaignsPage() {
  await connection();
  const viewer = await requirePagePermission("campaigns:view");
  const db = await getDb();
  const [rows, program, t, ts] = await Promise.all([listCampaigns(db), campaignProgram(db), getTranslations("campaigns.list"), getTranslations("campaigns.approvalSetting")]);
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
      {can(viewer.role, "campaigns:approve") ? (
        <Card aria-labelledby="approval-setting-title" className="mt-6">
          <CardHeader title={<span id="approval-setting-title">{ts("title")}</span>} description={ts("description")} />
          <ApprovalThresholdForm amount={minorToDecimal(program.approvalMinor, program.currency)} currency={program.currency} />
        </Card>
      ) : null}
    </>
  );
}
