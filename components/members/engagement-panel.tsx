import { useFormatter, useTranslations } from "next-intl";
import type { Member360 } from "@/db/queries/members";
import { FigureTable } from "./figure-table";

export function EngagementPanel({ engagement, now }: { engagement: Member360["engagement"]; now: Date }) {
  const t = useTranslations("members.detail.engagement");
  const tc = useTranslations("common.engagementChannels");
  const format = useFormatter();
  return (
    <div className="space-y-5">
      {engagement.byChannel.length === 0 ? (
        <p className="text-sm text-[var(--text-muted)]">{t("noneRecent")}</p>
      ) : (
        <FigureTable
          caption={t("countsCaption")}
          columns={[t("channel"), t("last30"), t("last90")]}
          rows={engagement.byChannel.map((c) => ({ key: c.channel, label: tc(c.channel), values: [format.number(c.last30Days), format.number(c.last90Days)] }))}
        />
      )}
      <div>
        <h3 className="mb-2 text-xs font-medium text-[var(--text-muted)]">{t("recent")}</h3>
        {engagement.recent.length === 0 ? (
          <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p>
        ) : (
          <ul className="divide-y divide-[var(--border)] text-sm">
            {engagement.recent.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5">
                <span>
                  {t(`types.${e.type}`)} <span className="text-xs text-[var(--text-muted)]">· {tc(e.channel)}</span>
                </span>
                <time dateTime={e.occurredAt.toISOString()} className="text-xs text-[var(--text-muted)]" title={format.dateTime(e.occurredAt, { dateStyle: "medium", timeStyle: "short" })}>
                  {format.relativeTime(e.occurredAt, now)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
