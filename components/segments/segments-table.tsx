import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Sparkline } from "@/components/charts/sparkline";
import { Badge } from "@/components/ui/badge";
import type { SegmentListRow } from "@/db/queries/segments";
import { SegmentRowActions } from "./segment-row-actions";

/** Saved segments with their size, its trend over the daily snapshots, and the last day's moves. */
export function SegmentsTable({ rows, canManage }: { rows: readonly SegmentListRow[]; canManage: boolean }) {
  const t = useTranslations("segments");
  const format = useFormatter();
  return (
    <div className="overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)] shadow-sm">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("list.caption")}</caption>
        <thead className="border-b border-[var(--border)] bg-[var(--surface-muted)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
          <tr>
            <th scope="col" className="px-3 py-3 text-start font-medium">{t("list.columns.name")}</th>
            <th scope="col" className="px-3 py-3 text-end font-medium">{t("list.columns.size")}</th>
            <th scope="col" className="hidden px-3 py-3 text-start font-medium md:table-cell">{t("list.columns.trend")}</th>
            <th scope="col" className="px-3 py-3 text-start font-medium">{t("list.columns.change")}</th>
            <th scope="col" className="hidden px-3 py-3 text-start font-medium lg:table-cell">{t("list.columns.owner")}</th>
            <th scope="col" className="hidden px-3 py-3 text-start font-medium lg:table-cell">{t("list.columns.updated")}</th>
            {canManage ? <th scope="col" className="px-3 py-3 text-end font-medium"><span className="sr-only">{t("list.columns.actions")}</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map((row) => (
            <tr key={row.id} data-testid="segment-row" data-segment-id={row.id} className="hover:bg-[var(--surface-muted)]">
              <td className="px-3 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/segments/${row.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                    {row.name}
                  </Link>
                  {row.kind !== "rule" ? <Badge>{t(`card.kinds.${row.kind}`)}</Badge> : null}
                </div>
                {row.description ? <p className="mt-0.5 line-clamp-1 text-xs text-[var(--text-muted)]">{row.description}</p> : null}
              </td>
              <td className="tabular px-3 py-3 text-end font-medium" data-testid="segment-size" data-size={row.size ?? ""}>
                {row.size === null ? <span className="text-[var(--text-muted)]">{t("list.notCounted")}</span> : format.number(row.size)}
              </td>
              <td className="hidden px-3 py-3 md:table-cell">
                <Sparkline values={row.trend.map((p) => p.size)} label={t("list.trendLabel", { name: row.name, days: row.trend.length })} />
              </td>
              <td className="tabular whitespace-nowrap px-3 py-3">
                {row.entered === null || row.left === null ? (
                  <span className="text-[var(--text-muted)]">–</span>
                ) : (
                  <span aria-label={t("list.moves", { entered: row.entered, left: row.left })}>
                    <span className="text-emerald-700 dark:text-emerald-400">+{format.number(row.entered)}</span>{" "}
                    <span className="text-red-700 dark:text-red-400">−{format.number(row.left)}</span>
                  </span>
                )}
              </td>
              <td className="hidden px-3 py-3 lg:table-cell">{row.ownerName ?? <span className="text-[var(--text-muted)]">{t("list.system")}</span>}</td>
              <td className="tabular hidden whitespace-nowrap px-3 py-3 lg:table-cell">{format.dateTime(row.updatedAt, { dateStyle: "medium" })}</td>
              {canManage ? (
                <td className="px-3 py-3">
                  <SegmentRowActions id={row.id} name={row.name} archived={row.status === "archived"} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
