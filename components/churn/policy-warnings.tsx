import { useTranslations } from "next-intl";
import type { PolicyWarning } from "@/lib/models/churn/interventions";

/** What to check in a policy before saving it: rules that never apply, and a missing catch-all (rules numbered from 1). */
export function PolicyWarnings({ warnings }: { warnings: readonly PolicyWarning[] }) {
  const t = useTranslations("churn.policy");
  if (warnings.length === 0) return null;
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100" data-testid="policy-warnings">
      <p className="font-medium">{t("warningsTitle")}</p>
      <ul className="mt-1 list-disc space-y-0.5 ps-5">
        {warnings.map((w) => (
          <li key={w.kind === "unreachable" ? `u${w.rule}` : w.kind}>
            {w.kind === "unreachable" ? t("warnings.unreachable", { rule: w.rule + 1, coveredBy: w.coveredBy + 1 }) : t("warnings.noCatchAll")}
          </li>
        ))}
      </ul>
    </div>
  );
}
