"use client";

import { useTranslations } from "next-intl";
import { adjustPointsAction } from "@/app/(app)/members/[id]/loyalty-actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { StackForm } from "./stack-form";
import { useFormAction } from "./use-form-action";

/** An admin's correction of a member's points, with the reason (required; audited with the balance). */
export function AdjustPointsForm({ memberId }: { memberId: string }) {
  const t = useTranslations("loyalty.adjust");
  const action = useFormAction(adjustPointsAction, "adjust");
  const done = action.result?.ok ? action.result.data : null;
  return (
    <StackForm label={t("title")} onSubmit={(form) => action.run(new FormData(form), () => form.reset())}>
      <input type="hidden" name="memberId" value={memberId} />
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
        <Field id="adjust-points" label={t("points")} error={action.fieldError("points")}>
          <Input id="adjust-points" name="points" type="number" step={1} placeholder="-50" />
        </Field>
        <Field id="adjust-reason" label={t("reason")} error={action.fieldError("reason")}>
          <Input id="adjust-reason" name="reason" maxLength={500} placeholder={t("reasonPlaceholder")} />
        </Field>
      </div>
      <FormStatus error={action.generalError} success={done ? t("done", { points: done.points, available: done.available }) : null} />
      <Button type="submit" variant="secondary" disabled={action.pending}>
        {action.pending ? t("saving") : t("submit")}
      </Button>
    </StackForm>
  );
}
