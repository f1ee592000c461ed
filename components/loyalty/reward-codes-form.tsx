"use client";

import { useTranslations } from "next-intl";
import { importRewardCodesAction } from "@/app/(app)/loyalty/rewards/actions";
import { FormFooter, GridForm } from "@/components/settings/form-parts";
import { Field, Textarea } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useFormAction } from "./use-form-action";

/** Pasting a reward's voucher codes (from a partner): its redemptions then hand these out, one each. */
export function RewardCodesForm({ rewardId }: { rewardId: string }) {
  const t = useTranslations("loyalty.rewardCodes");
  const action = useFormAction(importRewardCodesAction, "codes");
  const done = action.result?.ok ? action.result.data : null;
  return (
    <GridForm onSubmit={(form) => action.run({ rewardId, codes: String(new FormData(form).get("codes") ?? "") }, () => form.reset())}>
      <div className="md:col-span-2">
        <Field id="reward-codes" label={t("codes")} error={action.fieldError("codes")}>
          <Textarea id="reward-codes" name="codes" rows={5} dir="ltr" placeholder={t("placeholder")} />
        </Field>
      </div>
      <FormFooter generalError={action.generalError} pending={action.pending} label={t("import")} pendingLabel={t("importing")} />
      <FormStatus className="md:col-span-2" success={done ? t("imported", { added: done.added, duplicates: done.duplicates }) : null} />
    </GridForm>
  );
}
