import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { CampaignListRow } from "@/db/queries/campaigns";
import { CampaignStatusBadge } from "./status-badge";

const num = "tabular px-3 py-3 text-end";

/** Every campaign, newest first, with its reach so far: treated, held out as control, offers redeemed. */
export function CampaignsTable({ rows }: { rows: readonly CampaignListRow[] }) {
  const t = useTranslations("campaigns");
  const format = useFormatter();
  const columns = [
    { key: "name", numeric: false },
    { key: "goal", numeric: false },
    { key: "status", numeric: false },
    { key: "segment", numeric: false },
    { key: "treated", numeric: true },
    { key: "control", numeric: true },
    { key: "redeemed", numeric: true },
    { key: "launched", numeric: false },
  ] as const;
  return (
    <div className="overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)] shadow-sm">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("list.caption")}</caption>
        <thead className="border-b border-[var(--border)] bg-[var(--surface-muted)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`whitespace-nowrap px-3 py-3 font-medium ${c.numeric ? "text-end" : "text-start"}`}>
                {t(`list.columns.${c.key}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map((row) => (
            <tr key={row.id} data-testid="campaign-row" data-campaign-id={row.id} className="hover:bg-[var(--surface-muted)]">
              <td className="px-3 py-3">
                <Link href={`/campaigns/${row.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                  {row.name}
                </Link>
              </td>
              <td className="px-3 py-3">{t(`goals.${row.goal}`)}</td>
              <td className="px-3 py-3">
                <CampaignStatusBadge status={row.status} />
              </td>
              <td className="px-3 py-3">{row.segmentName ?? <span className="text-[var(--text-muted)]">{t("allMembers")}</span>}</td>
              <td className={num}>{format.number(row.treated)}</td>
              <td className={num}>{format.number(row.control)}</td>
              <td className={num}>{format.number(row.redeemed)}</td>
              <td className="tabular whitespace-nowrap px-3 py-3">
                {row.launchedAt ? format.dateTime(row.launchedAt, { dateStyle: "medium" }) : <span className="text-[var(--text-muted)]">{t("list.notLaunched")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
