import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { ImportErrorsTable } from "@/components/import/import-errors-table";
import { ImportProgress } from "@/components/import/import-progress";
import { ImportReport } from "@/components/import/import-report";
import { Pagination } from "@/components/members/pagination";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDbHandle } from "@/db";
import { getImportSummary, listImportErrors } from "@/db/queries/imports";
import { requirePagePermission } from "@/lib/auth/session";
import { settleInterruptedImport } from "@/lib/import/run";

const PAGE_SIZE = 25;
const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("import");
  return { title: t("metaTitle") };
}

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ImportReportPage({ params, searchParams }: Params) {
  await connection();
  await requirePagePermission("imports:run");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const handle = await getDbHandle();
  let summary = await getImportSummary(handle.db, { id });
  if (!summary) notFound();
  if (await settleInterruptedImport(handle, id, summary.status)) summary = await getImportSummary(handle.db, { id });
  if (!summary) notFound();
  const finished = summary.status === "succeeded" || summary.status === "failed";
  const requested = pageSchema.parse(Array.isArray(raw.page) ? raw.page[0] : raw.page);
  let errors = finished ? await listImportErrors(handle.db, { importId: id, page: requested, pageSize: PAGE_SIZE }) : { rows: [], total: 0 };
  const pageCount = Math.max(1, Math.ceil(errors.total / PAGE_SIZE));
  // A page beyond the last (an old link) shows the last page.
  const page = Math.min(requested, pageCount);
  if (page !== requested) errors = await listImportErrors(handle.db, { importId: id, page, pageSize: PAGE_SIZE });
  const [t, format] = await Promise.all([getTranslations("import"), getFormatter()]);
  const href = (p: number) => (p > 1 ? `/import/${id}?page=${p}` : `/import/${id}`);
  return (
    <>
      <PageHeader
        title={t("progress.title", { file: summary.fileName })}
        description={t("report.started", { name: summary.createdByName, date: format.dateTime(summary.startedAt ?? summary.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
        actions={
          <Link href="/import" className={buttonClass("secondary")}>
            {t("report.newImport")}
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <ImportProgress id={id} initial={{ status: summary.status, totalRows: summary.totalRows, processedRows: summary.processedRows }} />
        </Card>
        {finished ? <ImportReport summary={summary} /> : null}
        {summary.status === "succeeded" ? (
          <section aria-labelledby="bad-rows-title" className="space-y-3">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <div>
                <h2 id="bad-rows-title" className="text-base font-semibold">
                  {t("report.badRows")}
                </h2>
                <p className="text-sm text-[var(--text-muted)]">
                  {summary.invalidRows === 0 ? t("report.noBadRows") : t("report.badRowsCount", { problems: errors.total, rows: summary.invalidRows })}
                </p>
              </div>
              {summary.invalidRows > 0 ? (
                <a href={`/import/${id}/errors.csv`} className={buttonClass("secondary")} download>
                  {t("report.download")}
                </a>
              ) : null}
            </div>
            {errors.rows.length > 0 ? <ImportErrorsTable rows={errors.rows} /> : null}
            {pageCount > 1 ? (
              <Pagination page={page} pageCount={pageCount} previousHref={page > 1 ? href(page - 1) : null} nextHref={page < pageCount ? href(page + 1) : null} />
            ) : null}
          </section>
        ) : null}
      </div>
    </>
  );
}
