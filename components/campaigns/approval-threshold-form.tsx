"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { setApprovalThresholdAction } from "@/app/(app)/campaigns/actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";

/** Admins set the most a campaign may cost before an admin must approve it (campaigns list page). */
export function ApprovalThresholdForm({ amount, currency }: { amount: string; currency: string }) {
  const t = useTranslations("campaigns.approvalSetting");
  const [value, setValue] = useState(amount);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      const result = await setApprovalThresholdAction({ approvalThreshold: value });
      setSaved(result.ok);
      setError(result.ok ? undefined : (result.fieldErrors?.approvalThreshold?.[0] ?? result.message));
    });
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field id="approval-threshold" label={t("label", { currency })} error={error}>
        <Input id="approval-threshold" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? "approval-threshold-error" : undefined} className="w-40" />
      </Field>
      <Button type="submit" disabled={pending}>
        {t("save")}
      </Button>
      <FormStatus success={saved ? t("saved") : undefined} />
    </form>
  );
}
