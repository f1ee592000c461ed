"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { updatePolicyAction } from "@/app/(app)/loyalty/tiers/actions";
import { FormFooter, GridForm } from "@/components/settings/form-parts";
import { Field, Input, Select } from "@/components/ui/field";
import type { PolicyFormValues } from "@/lib/loyalty/program-form";
import { POLICY_CHOICES } from "./policy-choices";
import { FormStatus } from "@/components/ui/form-status";
import { useFormAction } from "./use-form-action";

/** The program's policies: tiers (basis, window, review, downgrades), return window, expiry, negative balances. */
export function PolicyForm({ initial }: { initial: PolicyFormValues }) {
  const t = useTranslations("loyalty.policy");
  const action = useFormAction(updatePolicyAction, "policy");
  const [expiryKind, setExpiryKind] = useState(initial.expiryKind);
  const error = action.fieldError;
  const select = (field: keyof typeof POLICY_CHOICES, onChange?: (value: string) => void) => (
    <Field id={`policy-${field}`} label={t(`fields.${field}`)} error={error(field)}>
      <Select id={`policy-${field}`} name={field} defaultValue={initial[field]} onChange={onChange ? (e) => onChange(e.target.value) : undefined}>
        {POLICY_CHOICES[field].map((value) => (
          <option key={value} value={value}>
            {t(`choices.${field}.${value}`)}
          </option>
        ))}
      </Select>
    </Field>
  );
  const number = (field: "returnWindowDays" | "expiryMonths" | "tierWindowMonths" | "tierReviewMonths", max: number) => (
    <Field id={`policy-${field}`} label={t(`fields.${field}`)} error={error(field)}>
      <Input id={`policy-${field}`} name={field} type="number" min={field === "returnWindowDays" ? 0 : 1} max={max} step={1} defaultValue={initial[field]} />
    </Field>
  );
  return (
    <GridForm onSubmit={(form) => action.run(new FormData(form))}>
      {select("tierBasis")}
      {number("tierWindowMonths", 60)}
      {number("tierReviewMonths", 24)}
      {select("tierDowngradePolicy")}
      {number("returnWindowDays", 365)}
      {select("negativeBalancePolicy")}
      {select("expiryKind", setExpiryKind)}
      {expiryKind === "rolling_months" ? number("expiryMonths", 120) : <input type="hidden" name="expiryMonths" value={initial.expiryMonths} />}
      {expiryKind === "fixed_date" ? (
        <Field id="policy-expiryDate" label={t("fields.expiryDate")} error={error("expiryDate")}>
          <Input id="policy-expiryDate" name="expiryDate" type="date" defaultValue={initial.expiryDate} />
        </Field>
      ) : (
        <input type="hidden" name="expiryDate" value={initial.expiryDate} />
      )}
      <p className="text-xs text-[var(--text-muted)] md:col-span-2">{t("basisHint")}</p>
      <FormFooter generalError={action.generalError} pending={action.pending} label={t("save")} pendingLabel={t("saving")} />
      <FormStatus className="md:col-span-2" success={action.result?.ok ? t("saved") : null} />
    </GridForm>
  );
}
