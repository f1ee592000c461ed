import { useFormatter, useTranslations } from "next-intl";
import type { Member360 } from "@/db/queries/members";

export function IdentityList({ identities }: { identities: Member360["identities"] }) {
  const t = useTranslations("members.detail.identities");
  const format = useFormatter();
  if (identities.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p>;
  return (
    <dl className="divide-y divide-[var(--border)] text-sm">
      {identities.map((i) => (
        <div key={`${i.kind}:${i.value}`} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 py-2">
          <dt className="text-[var(--text-muted)]">{t(`kinds.${i.kind}`)}</dt>
          <dd className="min-w-0 text-end">
            <span className="tabular block break-all font-mono text-xs" dir="ltr">
              {i.value}
            </span>
            <span className="block text-xs text-[var(--text-muted)]">{t("since", { date: format.dateTime(i.createdAt, { dateStyle: "medium" }) })}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
