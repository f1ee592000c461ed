import { useTranslations } from "next-intl";
import { setRuleActiveAction } from "@/app/(app)/loyalty/rules/actions";
import { ConfirmActionButton } from "@/components/settings/confirm-action-button";

/** Archives an active rule (after asking) or restores an archived one; either writes a new version. */
export function RuleArchiveButton({ rule }: { rule: { ruleId: string; name: string; active: boolean } }) {
  const t = useTranslations("loyalty.rules");
  return (
    <ConfirmActionButton
      label={rule.active ? t("archive") : t("restore")}
      pendingLabel={t("saving")}
      confirm={rule.active ? t("archiveConfirm", { name: rule.name }) : null}
      failed={t("failed")}
      run={setRuleActiveAction.bind(null, { ruleId: rule.ruleId, active: !rule.active })}
    />
  );
}
