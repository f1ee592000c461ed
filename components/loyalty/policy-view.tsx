import { useTranslations } from "next-intl";
import type { ProgramConfig } from "@/db/queries/loyalty/config";

/** The program's policies in words, for those who may not change them. */
export function PolicyView({ program }: { program: ProgramConfig }) {
  const t = useTranslations("loyalty.policy");
  const expiry =
    program.expiryKind === "rolling_months"
      ? t("view.expiryRolling", { months: program.expiryMonths })
      : program.expiryKind === "fixed_date"
        ? t("view.expiryFixed", { date: program.expiryDate ?? "" })
        : t("choices.expiryKind.never");
  const rows: [string, string][] = [
    [t("fields.tierBasis"), t(`choices.tierBasis.${program.tierBasis}`)],
    [t("fields.tierWindowMonths"), t("view.months", { months: program.tierWindowMonths })],
    [t("fields.tierReviewMonths"), t("view.months", { months: program.tierReviewMonths })],
    [t("fields.tierDowngradePolicy"), t(`choices.tierDowngradePolicy.${program.tierDowngradePolicy}`)],
    [t("fields.returnWindowDays"), t("view.days", { days: program.returnWindowDays })],
    [t("fields.negativeBalancePolicy"), t(`choices.negativeBalancePolicy.${program.negativeBalancePolicy}`)],
    [t("fields.expiryKind"), expiry],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2" data-testid="policy-view">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-[var(--text-muted)]">{label}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
