import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { AtRiskRow } from "@/db/queries/churn-at-risk";
import { formatMoney } from "@/lib/i18n/format";
import { ChurnAction, ChurnReasons, contactMarkOf } from "./score-details";
import { ContactControls } from "./contact-controls";
import { RiskBandBadge } from "./risk-band-badge";

/**
 * The at-risk list: who, how likely to leave and how much is at stake, why (the model's top reasons in
 * words) and what to do (the policy's suggestion), with the contact marks for staff who may contact.
 */
export function AtRiskTable({ rows, runId, currency, canContact, caption }: { rows: readonly AtRiskRow[]; runId: string; currency: string; canContact: boolean; caption: string }) {
  const t = useTranslations("churn");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number | null) => (minor === null ? <span className="text-[var(--text-muted)]">{t("list.unknown")}</span> : formatMoney(locale, minor, currency));
  const head = "whitespace-nowrap px-3 py-3 font-medium";
  return (
    <div className="overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)] shadow-sm">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-[var(--border)] bg-[var(--surface-muted)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
          <tr>
            <th scope="col" className={`${head} text-start`}>{t("list.columns.member")}</th>
            <th scope="col" className={`${head} text-end`}>{t("list.columns.risk")}</th>
            <th scope="col" className={`${head} hidden text-end xl:table-cell`}>{t("list.columns.clv")}</th>
            <th scope="col" className={`${head} text-end`} aria-sort="descending">{t("list.columns.valueAtStake")}</th>
            <th scope="col" className={`${head} text-start`}>{t("list.columns.reasons")}</th>
            <th scope="col" className={`${head} text-start`}>{t("list.columns.action")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map((row) => (
            <tr key={row.memberId} data-testid="at-risk-row" data-member-id={row.memberId} className="align-top hover:bg-[var(--surface-muted)]">
              <td className="px-3 py-3">
                <Link href={`/members/${row.memberId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                  {row.displayName}
                </Link>
                <span className="block text-xs text-[var(--text-muted)]" data-testid="at-risk-store">
                  {row.homeStoreName ?? t("list.noStore")}
                  {row.tierName ? ` · ${row.tierName}` : null}
                </span>
              </td>
              <td className="whitespace-nowrap px-3 py-3 text-end">
                <span className="tabular block font-medium">{format.number(row.churnProbability, { style: "percent", maximumFractionDigits: 0 })}</span>
                <RiskBandBadge band={row.riskBand} />
              </td>
              <td className="tabular hidden whitespace-nowrap px-3 py-3 text-end xl:table-cell">{money(row.clvMinor)}</td>
              <td className="tabular whitespace-nowrap px-3 py-3 text-end font-medium">{money(row.valueAtStakeMinor)}</td>
              <td className="min-w-52 px-3 py-3">
                <ChurnReasons reasons={row.reasons} />
              </td>
              <td className="min-w-44 space-y-2 px-3 py-3">
                <ChurnAction intervention={row.intervention} />
                <ContactControls
                  memberId={row.memberId}
                  memberName={row.displayName}
                  runId={runId}
                  canContact={canContact}
                  lastContact={contactMarkOf(row)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
