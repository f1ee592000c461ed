import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { AdminTable } from "@/components/settings/admin-table";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import type { RewardStats } from "@/db/queries/loyalty/redemption-stats";
import type { RewardView } from "@/db/queries/loyalty/rewards";
import { minorToDecimal } from "@/lib/loyalty/money";
import { rewardValueText } from "./reward-value";
import type { LoyaltyT } from "./rule-summary";

/** The rewards catalogue with who can redeem each now; admins get an edit link per reward. */
export function RewardsTable({
  rewards,
  stats,
  tierNames,
  timeZone,
  canManage,
}: {
  rewards: readonly RewardView[];
  stats: ReadonlyMap<string, RewardStats>;
  tierNames: ReadonlyMap<string, string>;
  timeZone: string;
  canManage: boolean;
}) {
  const t = useTranslations("loyalty");
  const tr = useTranslations("loyalty.rewards");
  const format = useFormatter();
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeZone });
  const columns = (["reward", "price", "cost", "stock", "validity", "tiers", "codes", "eligible", "status"] as const).map((c) => tr(`columns.${c}`));
  return (
    <AdminTable caption={tr("caption")} columns={columns} actionsLabel={canManage ? tr("columns.actions") : undefined}>
      {rewards.map((reward) => {
        const s = stats.get(reward.id) ?? { eligibleNow: 0, freeCodes: 0, issued: 0 };
        const validity = [reward.validFrom ? tr("from", { date: date(reward.validFrom) }) : null, reward.validTo ? tr("until", { date: date(reward.validTo) }) : null].filter(Boolean);
        return (
          <tr key={reward.id} data-testid="reward-row" className={reward.active ? undefined : "text-[var(--text-muted)]"}>
            <td className="px-3 py-3">
              <span className="block font-medium">{reward.name}</span>
              <span className="block text-xs text-[var(--text-muted)]">
                {t(`rewardKinds.${reward.kind}`)} · {rewardValueText(reward.value, t as LoyaltyT)}
              </span>
            </td>
            <td className="tabular whitespace-nowrap px-3 py-3">{tr("points", { points: reward.pointsPrice })}</td>
            <td className="tabular whitespace-nowrap px-3 py-3">
              {minorToDecimal(reward.costMinor, reward.costCurrency)} {reward.costCurrency}
            </td>
            <td className="tabular px-3 py-3">{reward.stock === null ? tr("unlimited") : reward.stock}</td>
            <td className="px-3 py-3 text-xs">
              {validity.length > 0 ? validity.map((v) => <span key={v} className="block">{v}</span>) : tr("always")}
              {reward.voucherDays ? <span className="block text-[var(--text-muted)]">{tr("voucherDays", { days: reward.voucherDays })}</span> : null}
            </td>
            <td className="px-3 py-3">{reward.eligibleTierIds.length === 0 ? tr("allTiers") : reward.eligibleTierIds.map((id) => tierNames.get(id) ?? id).join(", ")}</td>
            <td className="tabular px-3 py-3">{reward.usesCodePool ? tr("codesLeft", { count: s.freeCodes }) : tr("codesGenerated")}</td>
            <td className="tabular px-3 py-3">
              {s.eligibleNow}
              <span className="block text-xs text-[var(--text-muted)]">{tr("issued", { count: s.issued })}</span>
            </td>
            <td className="px-3 py-3">{reward.active ? <Badge tone="good">{tr("active")}</Badge> : <Badge>{tr("inactive")}</Badge>}</td>
            {canManage ? (
              <td className="px-3 py-3 text-end">
                <Link href={`/loyalty/rewards/${reward.id}`} className={buttonClass("secondary", "px-2.5 py-1 text-xs")} aria-label={tr("editNamed", { name: reward.name })}>
                  {tr("edit")}
                </Link>
              </td>
            ) : null}
          </tr>
        );
      })}
    </AdminTable>
  );
}
