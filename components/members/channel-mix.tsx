import { useFormatter, useTranslations } from "next-intl";
import type { Member360 } from "@/db/queries/members";

const BAR: Record<Member360["channelMix"][number]["channel"], string> = {
  pos: "bg-slate-500 dark:bg-slate-400",
  online: "bg-sky-600 dark:bg-sky-400",
  app: "bg-violet-600 dark:bg-violet-400",
};

/** Share of purchases per channel as labelled bars; the text carries the numbers, the bars only show them. */
export function ChannelMix({ mix }: { mix: Member360["channelMix"] }) {
  const t = useTranslations("members.detail.channels");
  const tc = useTranslations("common.channels");
  const format = useFormatter();
  if (mix.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p>;
  return (
    <ul className="space-y-3">
      {mix.map((c) => (
        <li key={c.channel}>
          <p className="flex justify-between gap-3 text-sm">
            <span>{t("item", { channel: tc(c.channel), count: c.purchases, share: format.number(c.share, { style: "percent", maximumFractionDigits: 0 }) })}</span>
          </p>
          <div aria-hidden="true" className="mt-1 h-2 overflow-hidden rounded-full bg-[var(--surface-muted)]">
            <div className={`h-full rounded-full ${BAR[c.channel]}`} style={{ width: `${Math.max(2, Math.round(c.share * 100))}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}
