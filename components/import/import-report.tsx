import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ImportSummary } from "@/db/queries/imports";
import { formatMoney } from "@/lib/i18n/format";

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-[var(--text-muted)]">{label}</dt>
      <dd className="tabular mt-1 text-xl font-semibold tracking-tight" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** The counts of a finished import: what the file held, what was written, what was skipped or refused. */
export function ImportReport({ summary }: { summary: ImportSummary }) {
  const t = useTranslations("import.report");
  const format = useFormatter();
  const locale = useLocale();
  const n = (value: number) => format.number(value);
  const amounts = Object.entries(summary.validAmounts).map(([currency, minor]) => formatMoney(locale, minor, currency));
  return (
    <section aria-labelledby="report-title" className="space-y-3">
      <h2 id="report-title" className="text-base font-semibold">
        {t("title")}
      </h2>
      {summary.status === "failed" ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100">
          {t("failed", { reason: summary.failure ?? "" })}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
          <Figure label={t("rows")} value={n(summary.totalRows)} testId="report-rows" />
          <Figure label={t("valid")} value={n(summary.validRows)} testId="report-valid" />
          <Figure label={t("invalid")} value={n(summary.invalidRows)} testId="report-invalid" />
          <Figure label={t("inserted")} value={n(summary.insertedRows)} testId="report-inserted" />
          {summary.kind === "members" ? <Figure label={t("updated")} value={n(summary.updatedRows)} testId="report-updated" /> : null}
          <Figure label={t("duplicates")} value={n(summary.duplicateRows)} testId="report-duplicates" />
          {summary.kind === "transactions" ? (
            <>
              <Figure label={t("receiptsInserted")} value={n(summary.insertedReceipts)} testId="report-receipts" />
              <Figure label={t("receiptsDuplicate")} value={n(summary.duplicateReceipts)} testId="report-receipts-duplicate" />
              <Figure label={t("amounts")} value={amounts.length > 0 ? amounts.join(" · ") : "—"} testId="report-amounts" />
              <Figure label={t("points")} value={n(summary.awardedPoints)} testId="report-points" />
            </>
          ) : null}
        </dl>
      )}
    </section>
  );
}
