import { useTranslations } from "next-intl";
import { deactivateTierAction } from "@/app/(app)/loyalty/tiers/actions";
import { AdminTable } from "@/components/settings/admin-table";
import { ConfirmActionButton } from "@/components/settings/confirm-action-button";
import { Badge } from "@/components/ui/badge";
import type { TierView } from "@/db/queries/loyalty/admin-views";
import { minorToDecimal } from "@/lib/loyalty/money";
import { tierToForm } from "@/lib/loyalty/program-form";
import { TierForm } from "./tier-form";

/** The program's tiers by rank; admins edit each in place and retire it. */
export function TiersTable({ tiers, basis, currency, windowMonths, canManage }: { tiers: readonly TierView[]; basis: "points" | "spend"; currency: string; windowMonths: number; canManage: boolean }) {
  const t = useTranslations("loyalty.tiers");
  const columns = (["name", "threshold", "factor", "benefits", "members", "status"] as const).map((c) => t(`columns.${c}`));
  const threshold = (tier: TierView) => (basis === "points" ? t("points", { points: tier.threshold }) : `${minorToDecimal(tier.threshold, currency)} ${currency}`);
  return (
    <AdminTable caption={t("caption")} columns={columns} actionsLabel={canManage ? t("columns.actions") : undefined}>
      {tiers.map((tier) => (
        <tr key={tier.id} data-testid="tier-row" className={tier.active ? undefined : "text-[var(--text-muted)]"}>
          <td className="px-3 py-3">
            <span className="block font-medium">{tier.name}</span>
            <span className="block text-xs text-[var(--text-muted)]">{t("rank", { rank: tier.rank })}</span>
          </td>
          <td className="tabular px-3 py-3">{threshold(tier)}</td>
          <td className="tabular px-3 py-3">×{tier.earningFactor}</td>
          <td className="px-3 py-3">{tier.benefits.length > 0 ? tier.benefits.join(" · ") : "—"}</td>
          <td className="tabular px-3 py-3">{tier.members}</td>
          <td className="px-3 py-3">{tier.active ? <Badge tone="good">{t("active")}</Badge> : <Badge>{t("retired")}</Badge>}</td>
          {canManage ? (
            <td className="px-3 py-3 text-end align-top">
              {tier.active ? (
                <div className="flex flex-col items-end gap-2">
                  <details className="w-full min-w-64 text-start">
                    <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-100">{t("editNamed", { name: tier.name })}</summary>
                    <div className="mt-3">
                      <TierForm tierId={tier.id} initial={tierToForm(tier, { basis, currency })} basis={basis} currency={currency} windowMonths={windowMonths} />
                    </div>
                  </details>
                  <ConfirmActionButton
                    label={t("retire")}
                    pendingLabel={t("saving")}
                    confirm={t("retireConfirm", { name: tier.name })}
                    failed={t("failed")}
                    run={deactivateTierAction.bind(null, { tierId: tier.id })}
                  />
                </div>
              ) : null}
            </td>
          ) : null}
        </tr>
      ))}
    </AdminTable>
  );
}
