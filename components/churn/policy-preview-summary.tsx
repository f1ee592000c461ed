import { useFormatter, useTranslations } from "next-intl";
import type { PolicyPreviewData } from "./use-policy-preview";

/** The preview's frame: which re-score the counts beside each rule come from, or why there are none. */
export function PolicyPreviewSummary({
  preview,
  updating = false,
  invalid = false,
  failed = false,
}: {
  preview: PolicyPreviewData | null;
  updating?: boolean;
  invalid?: boolean;
  failed?: boolean;
}) {
  const t = useTranslations("churn.policy.preview");
  const format = useFormatter();
  let text: string;
  if (invalid) text = t("invalid");
  else if (failed) text = t("failed");
  else if (!preview) text = t("none");
  else text = t("description", { scored: format.number(preview.scored), atRisk: format.number(preview.atRisk), date: format.dateTime(new Date(preview.asOf), { dateStyle: "medium" }) });
  return (
    <p aria-live="polite" className="text-sm text-[var(--text-muted)]" data-testid="policy-preview">
      <span className="font-medium text-[var(--text)]">{t("title")}</span> {text}
      {updating && !invalid ? <span className="ms-2">{t("updating")}</span> : null}
    </p>
  );
}
