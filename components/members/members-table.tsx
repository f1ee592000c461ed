import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { MemberListRow, MemberSort, SortDirection } from "@/db/queries/members";
import { formatMoney } from "@/lib/i18n/format";
import { MemberStatusBadge } from "./member-status-badge";

type Column = "name" | "homeStore" | "joined" | "status" | "lastPurchase" | "purchases" | "spend";

const SORT_OF: Partial<Record<Column, MemberSort>> = { name: "name", joined: "joined", lastPurchase: "last_purchase", spend: "spend" };
const COLUMN_OF: Record<MemberSort, Column> = { name: "name", joined: "joined", last_purchase: "lastPurchase", spend: "spend" };
const NUMERIC = new Set<Column>(["purchases", "spend"]);
// Narrow screens (and a tablet beside the navigation) keep the columns a user scans first; the member
// cell and the 360 page carry the rest.
const VISIBLE: Partial<Record<Column, string>> = { homeStore: "hidden md:table-cell", joined: "hidden xl:table-cell", purchases: "hidden xl:table-cell" };

interface Props {
  rows: readonly MemberListRow[];
  sort: MemberSort;
  direction: SortDirection;
  page: number;
  pageCount: number;
  /** The list URL sorted by a column (toggling the direction when it is the current one). */
  sortHref: (sort: MemberSort) => string;
}

export function MembersTable({ rows, sort, direction, page, pageCount, sortHref }: Props) {
  const t = useTranslations("members.list");
  const format = useFormatter();
  const locale = useLocale();
  const columns: Column[] = ["name", "homeStore", "joined", "status", "lastPurchase", "purchases", "spend"];
  const current = COLUMN_OF[sort];
  const directionLabel = direction === "asc" ? t("ascending") : t("descending");
  return (
    <div className="overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)] shadow-sm">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("caption", { column: t(`columns.${current}`), direction: directionLabel, page, pages: pageCount })}</caption>
        <thead className="border-b border-[var(--border)] bg-[var(--surface-muted)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
          <tr>
            {columns.map((column) => {
              const sortKey = SORT_OF[column];
              const active = column === current;
              return (
                <th
                  key={column}
                  scope="col"
                  aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}
                  className={`whitespace-nowrap px-3 py-3 font-medium ${NUMERIC.has(column) ? "text-end" : "text-start"} ${VISIBLE[column] ?? ""}`}
                >
                  {sortKey ? (
                    <Link
                      href={sortHref(sortKey)}
                      className="inline-flex items-center gap-1 rounded hover:text-[var(--text)] focus-visible:outline-2 focus-visible:outline-brand-500"
                    >
                      {t(`columns.${column}`)}
                      <span className="sr-only"> {t("sortHint")}</span>
                      <span aria-hidden="true" className={active ? "text-[var(--text)]" : "opacity-0"}>
                        {direction === "asc" ? "▲" : "▼"}
                      </span>
                    </Link>
                  ) : (
                    t(`columns.${column}`)
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map((row) => (
            <tr key={row.id} data-testid="member-row" data-store-id={row.homeStoreId ?? ""} className="hover:bg-[var(--surface-muted)]">
              <td className="px-3 py-3">
                <Link href={`/members/${row.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                  {row.displayName}
                </Link>
                <span className="block truncate text-xs text-[var(--text-muted)]" dir="ltr">
                  {row.email ?? t("noEmail")}
                </span>
              </td>
              <td className={`px-3 py-3 ${VISIBLE.homeStore}`}>{row.homeStoreName ?? <span className="text-[var(--text-muted)]">{t("noStore")}</span>}</td>
              <td className={`tabular whitespace-nowrap px-3 py-3 ${VISIBLE.joined}`}>{format.dateTime(row.joinedAt, { dateStyle: "medium" })}</td>
              <td className="px-3 py-3">
                <MemberStatusBadge status={row.status} />
              </td>
              <td className="tabular whitespace-nowrap px-3 py-3">
                {row.lastPurchaseAt ? format.dateTime(row.lastPurchaseAt, { dateStyle: "medium" }) : <span className="text-[var(--text-muted)]">{t("never")}</span>}
              </td>
              <td className={`tabular px-3 py-3 text-end ${VISIBLE.purchases}`}>{format.number(row.purchases)}</td>
              <td className="tabular whitespace-nowrap px-3 py-3 text-end">
                {row.spend.length === 0
                  ? format.number(0)
                  : row.spend.map((m) => (
                      <span key={m.currency} className="block">
                        {formatMoney(locale, m.minor, m.currency)}
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
