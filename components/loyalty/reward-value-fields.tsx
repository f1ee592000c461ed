"use client";

import { useTranslations } from "next-intl";
import { Field, Input, Select } from "@/components/ui/field";
import type { RewardFormValues } from "@/lib/loyalty/reward-form";

/** The fields of a reward's value, by kind; their errors are keyed by the service's paths (`value.percent`). */
export function RewardValueFields({ kind, initial, currencies, error }: { kind: string; initial: RewardFormValues; currencies: readonly string[]; error: (field: string) => string | undefined }) {
  const t = useTranslations("loyalty.rewardForm");
  const text = (name: keyof RewardFormValues, errorKey: string, props: { dir?: "ltr"; inputMode?: "decimal" | "numeric"; type?: string; placeholder?: string } = {}) => (
    <Field id={`reward-${name}`} label={t(name)} error={error(errorKey)}>
      <Input id={`reward-${name}`} name={name} defaultValue={String(initial[name])} {...props} />
    </Field>
  );
  switch (kind) {
    case "amount_off":
      return (
        <>
          {text("amountOff", "value.amountMinor", { inputMode: "decimal", dir: "ltr", placeholder: "5.00" })}
          <Field id="reward-amountCurrency" label={t("amountCurrency")} error={error("value.currency")}>
            <Select id="reward-amountCurrency" name="amountCurrency" defaultValue={initial.amountCurrency}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
        </>
      );
    case "percent_off":
      return text("percent", "value.percent", { inputMode: "numeric", type: "number" });
    case "free_product":
      return text("sku", "value.sku", { dir: "ltr" });
    case "bogo":
      return (
        <>
          {text("sku", "value.sku", { dir: "ltr" })}
          {text("category", "value.category", { dir: "ltr" })}
        </>
      );
    case "points_multiplier":
      return (
        <>
          {text("factor", "value.factor", { inputMode: "decimal", dir: "ltr", placeholder: "2" })}
          {text("days", "value.days", { inputMode: "numeric", type: "number" })}
        </>
      );
    case "event_invitation":
      return (
        <>
          {text("eventName", "value.eventName")}
          {text("eventAt", "value.eventAt", { type: "datetime-local" })}
          {text("location", "value.location")}
        </>
      );
    default:
      return null;
  }
}
