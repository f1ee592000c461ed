"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createRewardAction, updateRewardAction } from "@/app/(app)/loyalty/rewards/actions";
import { CheckboxGroup, FormFooter, GridForm } from "@/components/settings/form-parts";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { readRewardForm, REWARD_KINDS, type RewardFormValues } from "@/lib/loyalty/reward-form";
import { FormSection } from "./form-section";
import { RewardValueFields } from "./reward-value-fields";
import { useFormAction } from "./use-form-action";

/** Create or edit a reward: what it is worth (by kind), price, cost, stock, validity, tiers and codes. */
export function RewardForm({
  rewardId,
  initial,
  tiers,
  currencies,
  timeZone,
}: {
  rewardId?: string;
  initial: RewardFormValues;
  tiers: readonly { id: string; name: string }[];
  currencies: readonly string[];
  timeZone: string;
}) {
  const t = useTranslations("loyalty.rewardForm");
  const tl = useTranslations("loyalty");
  const router = useRouter();
  const [kind, setKind] = useState(initial.kind);
  const create = useFormAction(createRewardAction, "reward");
  const update = useFormAction(updateRewardAction, "reward");
  const action = rewardId ? update : create;
  const error = action.fieldError;
  const field = (name: "name" | "pointsPrice" | "cost" | "stock" | "validFrom" | "validTo" | "voucherDays", errorKey: string, props: { type?: string; inputMode?: "numeric" | "decimal"; dir?: "ltr"; placeholder?: string } = {}) => (
    <Field id={`reward-${name}`} label={t(name)} error={error(errorKey)}>
      <Input id={`reward-${name}`} name={name} defaultValue={initial[name]} {...props} />
    </Field>
  );

  function submit(form: HTMLFormElement) {
    const values = readRewardForm(new FormData(form));
    if (rewardId) update.run({ rewardId, values }, () => router.push("/loyalty/rewards"));
    else create.run({ values }, () => router.push("/loyalty/rewards"));
  }

  return (
    <GridForm onSubmit={submit}>
      <FormSection title={t("sections.reward")}>
        {field("name", "name")}
        <Field id="reward-kind" label={t("kind")} error={error("value.kind")}>
          {rewardId ? (
            <>
              <input type="hidden" name="kind" value={kind} />
              <Input id="reward-kind" value={tl(`rewardKinds.${kind}`)} readOnly />
            </>
          ) : (
            <Select id="reward-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {REWARD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {tl(`rewardKinds.${k}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <RewardValueFields kind={kind} initial={initial} currencies={currencies} error={error} />
        <div className="md:col-span-2">
          <Field id="reward-description" label={t("description")} error={error("description")}>
            <Textarea id="reward-description" name="description" rows={2} defaultValue={initial.description} />
          </Field>
        </div>
      </FormSection>
      <FormSection title={t("sections.price")}>
        {field("pointsPrice", "pointsPrice", { type: "number", inputMode: "numeric" })}
        <div className="grid grid-cols-[1fr_7rem] gap-2">
          {field("cost", "costMinor", { inputMode: "decimal", dir: "ltr", placeholder: "0.00" })}
          <Field id="reward-costCurrency" label={t("costCurrency")} error={error("costCurrency")}>
            <Select id="reward-costCurrency" name="costCurrency" defaultValue={initial.costCurrency}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
        </div>
        {field("stock", "stock", { type: "number", inputMode: "numeric", placeholder: t("stockPlaceholder") })}
        {field("voucherDays", "voucherDays", { type: "number", inputMode: "numeric" })}
      </FormSection>
      <FormSection title={t("sections.availability")} description={t("zoneHint", { zone: timeZone })}>
        {field("validFrom", "validFrom", { type: "datetime-local" })}
        {field("validTo", "validTo", { type: "datetime-local" })}
        <CheckboxGroup className="md:col-span-2" legend={t("tiers")} name="eligibleTierIds" options={tiers.map((tier) => ({ value: tier.id, label: tier.name }))} defaultValues={initial.eligibleTierIds} error={error("eligibleTierIds")} />
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="usesCodePool" defaultChecked={initial.usesCodePool} className="size-4" />
          {t("usesCodePool")}
        </label>
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="active" defaultChecked={initial.active} className="size-4" />
          {t("active")}
        </label>
      </FormSection>
      <FormFooter generalError={action.generalError} pending={action.pending} label={rewardId ? t("save") : t("create")} pendingLabel={t("saving")} />
    </GridForm>
  );
}
