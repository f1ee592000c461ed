import type { Metadata } from "next";
import { connection } from "next/server";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { BackLink } from "@/components/segments/back-link";
import { RfmSegmentList } from "@/components/segments/rfm-segments";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { loadRfmValues } from "@/db/queries/segments-rfm";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { formatMoney } from "@/lib/i18n/format";
import { rfmSegment, type Score } from "@/lib/models/rfm";
import { summarizeRfm } from "@/lib/segments/rfm";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments.rfm");
  return { title: t("title") };
}

const SCORES = [1, 2, 3, 4, 5] as const;

export default async function RfmPage() {
  await connection();
  const viewer = await requirePagePermission("segments:view");
  const db = await getDb();
  const now = new Date();
  const [values, program, t, tAi, format, locale] = await Promise.all([
    loadRfmValues(db, { scope: viewer.scope, now }),
    getProgramInfo(db),
    getTranslations("segments.rfm"),
    getTranslations("segments-ai.rfm"),
    getFormatter(),
    getLocale(),
  ]);
  const summary = summarizeRfm(values);
  const n = (x: number) => format.number(x);
  const day = format.dateTime(now, { dateStyle: "medium" });
  const cut = (value: number | null, show: (v: number) => string) => (value === null ? "–" : show(value));
  return (
    <div className="space-y-6">
      <div>
        <BackLink href="/segments" />
        <PageHeader title={t("title")} description={t("description", { scored: n(summary.scored) })} />
      </div>
      <Card aria-labelledby="rfm-grid-title">
        <CardHeader title={<span id="rfm-grid-title">{t("gridTitle")}</span>} description={t("gridDescription")} />
        <div className="overflow-x-auto">
          <table className="w-full table-fixed border-separate border-spacing-1 text-sm" data-testid="rfm-grid">
            <caption className="sr-only">{t("gridTitle")}</caption>
            <thead>
              <tr>
                <th scope="col" className="w-20 text-xs font-medium text-[var(--text-muted)]">{t("rByFm")}</th>
                {SCORES.map((fm) => (
                  <th key={fm} scope="col" className="text-xs font-medium text-[var(--text-muted)]">
                    {t("fm", { score: fm })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[5, 4, 3, 2, 1].map((r) => (
                <tr key={r}>
                  <th scope="row" className="text-xs font-medium text-[var(--text-muted)]">{t("r", { score: r })}</th>
                  {SCORES.map((fm) => {
                    const segment = rfmSegment(r as Score, fm as Score);
                    return (
                      <td key={fm} className="rounded-md bg-[var(--surface-muted)] p-2 align-top">
                        <span className="block truncate text-xs text-[var(--text-muted)]">{tAi(`segments.${segment}.name`)}</span>
                        <span className="tabular block text-base font-semibold">{n(summary.grid[5 - r]![fm - 1]!)}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer text-[var(--text-muted)]">{t("cutsTitle")}</summary>
          <table className="mt-2 text-sm">
            <thead className="text-xs text-[var(--text-muted)]">
              <tr>
                <th scope="col" className="pe-4 text-start font-medium">{t("score")}</th>
                <th scope="col" className="pe-4 text-start font-medium">{tAi("scores.r")}</th>
                <th scope="col" className="pe-4 text-start font-medium">{tAi("scores.f")}</th>
                <th scope="col" className="text-start font-medium">{tAi("scores.m")}</th>
              </tr>
            </thead>
            <tbody>
              {([2, 3, 4, 5] as const).map((s) => (
                <tr key={s}>
                  <th scope="row" className="pe-4 text-start font-normal">{t("atLeast", { score: s })}</th>
                  <td className="tabular pe-4">{cut(summary.cuts.r[s], (v) => t("cutDays", { days: v }))}</td>
                  <td className="tabular pe-4">{cut(summary.cuts.f[s], (v) => t("cutPurchases", { count: v }))}</td>
                  <td className="tabular">{cut(summary.cuts.m[s], (v) => t("cutSpend", { amount: formatMoney(locale, v, program.currency) }))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Card>
      <Card aria-labelledby="rfm-segments-title">
        <CardHeader title={<span id="rfm-segments-title">{t("segmentsTitle")}</span>} description={t("segmentsDescription")} />
        <RfmSegmentList sizes={summary.segments} scored={summary.scored} canSave={can(viewer.role, "segments:manage")} day={day} />
      </Card>
    </div>
  );
}
