import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { MemberStatusBadge } from "@/components/members/member-status-badge";
import type { SegmentMemberRow } from "@/db/queries/segments-members";
import { formatMoney } from "@/lib/i18n/format";

/** A page of a segment's members, biggest spenders first. */
export function SegmentMembersTable({ rows, currency }: { rows: readonly SegmentMemberRow[]; currency: string }) {
  const t = useTranslations("segments.page.members");
  const format = useFormatter();
  const locale = useLocale();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="border-b border-[var(--border)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
          <tr>
            <th scope="col" className="px-2 py-2 text-start font-medium">{t("member")}</th>
            <th scope="col" className="hidden px-2 py-2 text-start font-medium md:table-cell">{t("homeStore")}</th>
            <th scope="col" className="px-2 py-2 text-start font-medium">{t("status")}</th>
            <th scope="col" className="hidden px-2 py-2 text-start font-medium md:table-cell">{t("lastPurchase")}</th>
            <th scope="col" className="px-2 py-2 text-end font-medium">{t("purchases")}</th>
            <th scope="col" className="px-2 py-2 text-end font-medium">{t("spend")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map((row) => (
            <tr key={row.id} data-testid="segment-member-row" data-store-id={row.homeStoreId ?? ""}>
              <td className="px-2 py-2">
                <Link href={`/members/${row.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                  {row.displayName}
                </Link>
              </td>
              <td className="hidden px-2 py-2 md:table-cell">{row.homeStoreName ?? <span className="text-[var(--text-muted)]">–</span>}</td>
              <td className="px-2 py-2">
                <MemberStatusBadge status={row.status} />
              </td>
              <td className="tabular hidden whitespace-nowrap px-2 py-2 md:table-cell">{row.lastPurchaseAt ? format.dateTime(row.lastPurchaseAt, { dateStyle: "medium" }) : "–"}</td>
              <td className="tabular px-2 py-2 text-end">{format.number(row.purchases)}</td>
              <td className="tabular px-2 py-2 text-end">{formatMoney(locale, row.netSpendMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
