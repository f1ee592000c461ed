import Link from "next/link";
import { useFormatter, useLocale, useTimeZone, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import type { Receipt } from "@/db/queries/members";
import { formatMoney } from "@/lib/i18n/format";
import { ChannelBadge } from "./channel-badge";

/** Receipts grouped by calendar day in the viewer's time zone, each one expandable to its lines. */
export function PurchaseTimeline({ receipts, total, moreHref }: { receipts: readonly Receipt[]; total: number; moreHref: string | null }) {
  const t = useTranslations("members.detail.timeline");
  const format = useFormatter();
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  if (receipts.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p>;
  const dayKey = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const days = new Map<string, Receipt[]>();
  for (const r of receipts) {
    const key = dayKey.format(r.occurredAt);
    days.set(key, [...(days.get(key) ?? []), r]);
  }
  return (
    <div className="space-y-5">
      <p className="text-xs text-[var(--text-muted)]">{t("shown", { shown: format.number(receipts.length), total: format.number(total) })}</p>
      <ol className="space-y-5">
        {[...days.values()].map((list) => (
          <li key={dayKey.format(list[0]!.occurredAt)}>
            <h3 className="mb-2 text-sm font-semibold">{format.dateTime(list[0]!.occurredAt, { dateStyle: "full" })}</h3>
            <ul className="space-y-2 border-s-2 border-[var(--border)] ps-4">
              {list.map((r) => (
                <li key={r.id}>
                  <details className="group rounded-lg border border-[var(--border)] bg-[var(--surface)]">
                    <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-3 py-2 text-sm hover:bg-[var(--surface-muted)] focus-visible:outline-2 focus-visible:outline-brand-500">
                      <span aria-hidden="true" className="text-[var(--text-muted)] transition-transform group-open:rotate-90 rtl:-scale-x-100">
                        ▸
                      </span>
                      <time dateTime={r.occurredAt.toISOString()} className="tabular whitespace-nowrap text-[var(--text-muted)]">
                        {format.dateTime(r.occurredAt, { timeStyle: "short" })}
                      </time>
                      <span className="min-w-0 truncate font-medium">{r.storeName}</span>
                      <ChannelBadge channel={r.channel} />
                      {r.kind === "return" ? <Badge tone="bad">{t("return")}</Badge> : null}
                      <span className="text-xs text-[var(--text-muted)]">{t("items", { count: r.itemCount })}</span>
                      <span className="tabular ms-auto whitespace-nowrap text-end font-semibold">{formatMoney(locale, r.totalMinor, r.currency)}</span>
                    </summary>
                    <div className="border-t border-[var(--border)] px-3 py-2">
                      {r.discountMinor > 0 ? <p className="mb-2 text-xs text-[var(--text-muted)]">{t("discount", { amount: formatMoney(locale, r.discountMinor, r.currency) })}</p> : null}
                      {r.lines.length === 0 ? (
                        <p className="text-sm text-[var(--text-muted)]">{t("noLines")}</p>
                      ) : (
                        <div className="overflow-x-auto">
                          <table className="w-full text-sm">
                            <caption className="sr-only">{t("linesCaption", { time: format.dateTime(r.occurredAt, { dateStyle: "medium", timeStyle: "short" }) })}</caption>
                            <thead className="text-xs text-[var(--text-muted)]">
                              <tr>
                                <th scope="col" className="py-1 pe-3 text-start font-medium">{t("product")}</th>
                                <th scope="col" className="hidden py-1 pe-3 text-start font-medium sm:table-cell">{t("category")}</th>
                                <th scope="col" className="py-1 pe-3 text-end font-medium">{t("quantity")}</th>
                                <th scope="col" className="py-1 pe-3 text-end font-medium">{t("lineDiscount")}</th>
                                <th scope="col" className="py-1 text-end font-medium">{t("amount")}</th>
                              </tr>
                            </thead>
                            <tbody className="divide-y divide-[var(--border)]">
                              {r.lines.map((l) => (
                                <tr key={l.lineNo}>
                                  <td className="py-1.5 pe-3">
                                    <span className="block">{l.productName ?? l.sku}</span>
                                    <span className="block font-mono text-xs text-[var(--text-muted)]" dir="ltr">
                                      {t("sku")} {l.sku}
                                    </span>
                                  </td>
                                  <td className="hidden py-1.5 pe-3 sm:table-cell">{l.categoryName ?? "—"}</td>
                                  <td className="tabular py-1.5 pe-3 text-end">{format.number(l.quantity)}</td>
                                  <td className="tabular py-1.5 pe-3 text-end">{l.discountMinor > 0 ? formatMoney(locale, l.discountMinor, r.currency) : "—"}</td>
                                  <td className="tabular py-1.5 text-end">{formatMoney(locale, l.amountMinor, r.currency)}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </div>
                      )}
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {moreHref ? (
        <Link href={moreHref} scroll={false} className={buttonClass("secondary")}>
          {t("showMore")}
        </Link>
      ) : null}
    </div>
  );
}
