"use client";

import { useTranslations } from "next-intl";
import { CheckboxGroup } from "@/components/settings/form-parts";
import { Field, Input } from "@/components/ui/field";
import type { RuleFormValues } from "@/lib/loyalty/rule-form";
import { FormSection } from "./form-section";

export interface RuleFormOptions {
  categories: { code: string; name: string }[];
  stores: { id: string; name: string }[];
  tiers: { id: string; name: string }[];
  channels: string[];
  currencies: string[];
}

const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

/** The "when it applies" part of the rule form. Purchase conditions are left out for event bonuses. */
export function RuleConditionFields({
  initial,
  options,
  currency,
  purchaseConditions,
  error,
}: {
  initial: RuleFormValues;
  options: RuleFormOptions;
  currency: string;
  purchaseConditions: boolean;
  error: (field: string) => string | undefined;
}) {
  const t = useTranslations("loyalty.ruleForm");
  const tl = useTranslations("loyalty");
  const id = (field: string) => `rule-${field}`;
  type Choice = "categories" | "channels" | "currencies" | "storeIds" | "tierIds" | "weekdays";
  const group = (name: Choice, choices: { value: string; label: string }[], wide = false) => (
    <CheckboxGroup className={wide ? "md:col-span-2" : undefined} legend={t(name)} name={name} options={choices} defaultValues={initial[name]} error={error(`conditions.${name}`)} />
  );
  return (
    <FormSection title={t("sections.conditions")} description={t("conditionsHint")}>
      {purchaseConditions ? (
        <>
          {group("categories", options.categories.map((c) => ({ value: c.code, label: c.name })), true)}
          <Field id={id("skus")} label={t("skus")} error={error("conditions.skus")}>
            <Input id={id("skus")} name="skus" defaultValue={initial.skus} placeholder={t("skusPlaceholder")} dir="ltr" />
          </Field>
          <Field id={id("minBasket")} label={t("minBasket", { currency })} error={error("conditions.minBasketMinor")}>
            <Input id={id("minBasket")} name="minBasket" inputMode="decimal" defaultValue={initial.minBasket} placeholder="25.00" dir="ltr" />
          </Field>
          {group("channels", options.channels.map((c) => ({ value: c, label: tl(`channels.${c}`) })))}
          {group("currencies", options.currencies.map((c) => ({ value: c, label: c })))}
          {group("storeIds", options.stores.map((s) => ({ value: s.id, label: s.name })), true)}
        </>
      ) : null}
      {group("tierIds", options.tiers.map((tier) => ({ value: tier.id, label: tier.name })))}
      {group("weekdays", WEEKDAYS.map((d) => ({ value: d, label: tl(`weekdays.${d}`) })))}
      <Field id={id("timeFrom")} label={t("timeFrom")} error={error("conditions.timeFrom")}>
        <Input id={id("timeFrom")} name="timeFrom" type="time" defaultValue={initial.timeFrom} />
      </Field>
      <Field id={id("timeTo")} label={t("timeTo")} error={error("conditions.timeTo")}>
        <Input id={id("timeTo")} name="timeTo" type="time" defaultValue={initial.timeTo} />
      </Field>
    </FormSection>
  );
}
