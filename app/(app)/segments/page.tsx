import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/members/empty-state";
import { SegmentsTable } from "@/components/segments/segments-table";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listSegments } from "@/db/queries/segments";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments.list");
  return { title: t("metaTitle") };
}

export default async function SegmentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const viewer = await requirePagePermission("segments:view");
  const status = (await searchParams).status === "archived" ? "archived" : "active";
  const [rows, t] = await Promise.all([listSegments(await getDb(), { scope: viewer.scope, status }), getTranslations("segments.list")]);
  const canManage = can(viewer.role, "segments:manage");
  const tab = (value: "active" | "archived") => (
    <Link
      href={value === "active" ? "/segments" : "/segments?status=archived"}
      aria-current={status === value ? "page" : undefined}
      className={cn("rounded-md px-3 py-1.5 text-sm font-medium", status === value ? "bg-brand-50 text-brand-700 dark:bg-brand-700/30 dark:text-brand-50" : "text-[var(--text-muted)] hover:bg-[var(--surface-muted)]")}
    >
      {t(`status.${value}`)}
    </Link>
  );
  return (
    <>
      <PageHeader
        title={t("title")}
        description={viewer.scope.kind === "stores" ? t("descriptionStores") : t("description")}
        actions={
          <>
            <Link href="/segments/rfm" className={buttonClass("secondary")}>
              {t("rfmLink")}
            </Link>
            {can(viewer.role, "models:view") ? (
              <Link href="/segments/clusters" className={buttonClass("secondary")}>
                {t("clustersLink")}
              </Link>
            ) : null}
            {canManage ? (
              <Link href="/segments/new" className={buttonClass("primary")}>
                {t("new")}
              </Link>
            ) : null}
          </>
        }
      />
      <nav aria-label={t("statusFilter")} className="mb-4 flex gap-1">
        {tab("active")}
        {tab("archived")}
      </nav>
      {rows.length === 0 ? (
        <EmptyState title={t(`empty.${status}`)} body={status === "active" && canManage ? t("empty.body") : ""} />
      ) : (
        <SegmentsTable rows={rows} canManage={canManage} />
      )}
    </>
  );
}
