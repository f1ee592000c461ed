import { useFormatter, useTranslations } from "next-intl";
import type { MemberLot } from "@/db/queries/loyalty/points";

/** The member's open lots, soonest expiry first: what is left of each, when it can be spent and when it expires. */
export function PointsLots({ lots, timeZone }: { lots: readonly MemberLot[]; timeZone: string }) {
  const t = useTranslations("loyalty.points");
  const format = useFormatter();
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeZone });
  if (lots.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("noLots")}</p>;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{t("lotsCaption")}</caption>
      <thead className="text-xs text-[var(--text-muted)]">
        <tr>
          {(["origin", "remaining", "expires"] as const).map((column, i) => (
            <th key={column} scope="col" className={`py-1 font-medium ${i === 0 ? "text-start" : "text-end"}`}>
              {t(`lotColumns.${column}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-[var(--border)]">
        {lots.map((lot) => (
          <tr key={lot.id} data-testid="points-lot" data-remaining={lot.remaining} data-expires-at={lot.expiresAt?.toISOString() ?? ""}>
            <th scope="row" className="py-1.5 text-start font-normal">
              {t(`origins.${lot.origin}`)}
              <span className="block text-xs text-[var(--text-muted)]">
                {lot.status === "pending" ? t("pendingUntil", { date: date(lot.availableAt) }) : t("earnedOn", { date: date(lot.createdAt) })}
              </span>
            </th>
            <td className="tabular py-1.5 text-end">{t("remainingOf", { remaining: lot.remaining, amount: lot.amount })}</td>
            <td className="tabular py-1.5 text-end">{lot.expiresAt ? date(lot.expiresAt) : t("neverExpires")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
