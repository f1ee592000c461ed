import { useTranslations } from "next-intl";
import type { AtRiskRow } from "@/db/queries/churn-at-risk";
import type { InterventionKind } from "@/lib/models/churn/interventions";
import type { MemberReason } from "@/lib/models/churn/reasons";

/** A member's top churn reasons in words (the model's message keys with the member's figures), or "no single strong reason". */
export function ChurnReasons({ reasons }: { reasons: readonly MemberReason[] }) {
  const t = useTranslations("churn");
  if (reasons.length === 0) return <span className="text-[var(--text-muted)]">{t("list.noReason")}</span>;
  return (
    <ul className="list-disc space-y-0.5 ps-4" data-testid="at-risk-reasons">
      {reasons.map((reason) => (
        <li key={reason.kind}>{t(`reasons.${reason.message.key}`, reason.message.params)}</li>
      ))}
    </ul>
  );
}

/** The policy's suggested intervention in words, or "no suggestion". */
export function ChurnAction({ intervention }: { intervention: InterventionKind | null }) {
  const t = useTranslations("churn");
  return (
    <p data-testid="at-risk-action">
      {intervention ? t(`interventions.${intervention}`) : <span className="text-[var(--text-muted)]">{t("list.noAction")}</span>}
    </p>
  );
}

/** The latest contact mark as the contact controls (a client component) take it: plain values only. */
export function contactMarkOf(row: Pick<AtRiskRow, "lastContact">) {
  return row.lastContact ? { id: row.lastContact.id, contactedAt: row.lastContact.contactedAt.toISOString(), outcome: row.lastContact.outcome } : null;
}
