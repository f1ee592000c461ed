"use client";

import { useTranslations } from "next-intl";
import { createTierAction, updateTierAction } from "@/app/(app)/loyalty/tiers/actions";
import { FormFooter, GridForm } from "@/components/settings/form-parts";
import { Field, Input, Textarea } from "@/components/ui/field";
import type { TierFormValues } from "@/lib/loyalty/program-form";
import { FormStatus } from "@/components/ui/form-status";
import { useFormAction } from "./use-form-action";

/** Add a tier, or change one (name, rank, threshold, earning factor, benefits). */
export function TierForm({ tierId, initial, basis, currency, windowMonths }: { tierId?: string; initial: TierFormValues; basis: "points" | "spend"; currency: string; windowMonths: number }) {
  const t = useTranslations("loyalty.tiers.form");
  const create = useFormAction(createTierAction, "tier");
  const update = useFormAction(updateTierAction, "tier");
  const action = tierId ? update : create;
  const id = (field: string) => `tier-${tierId ?? "new"}-${field}`;
  const error = action.fieldError;
  return (
    <GridForm
      onSubmit={(form) => {
        const data = new FormData(form);
        if (tierId) update.run(data);
        else create.run(data, () => form.reset());
      }}
    >
      {tierId ? <input type="hidden" name="tierId" value={tierId} /> : null}
      <Field id={id("name")} label={t("name")} error={error("name")}>
        <Input id={id("name")} name="name" defaultValue={initial.name} maxLength={100} />
      </Field>
      <Field id={id("rank")} label={t("rank")} error={error("rank")}>
        <Input id={id("rank")} name="rank" type="number" min={0} max={100} step={1} defaultValue={initial.rank} />
      </Field>
      <Field id={id("threshold")} label={basis === "points" ? t("thresholdPoints", { months: windowMonths }) : t("thresholdSpend", { months: windowMonths, currency })} error={error("threshold")}>
        <Input id={id("threshold")} name="threshold" inputMode={basis === "points" ? "numeric" : "decimal"} defaultValue={initial.threshold} dir="ltr" />
      </Field>
      <Field id={id("earningFactor")} label={t("earningFactor")} error={error("earningFactor")}>
        <Input id={id("earningFactor")} name="earningFactor" inputMode="decimal" defaultValue={initial.earningFactor} placeholder="1" dir="ltr" />
      </Field>
      <div className="md:col-span-2">
        <Field id={id("benefits")} label={t("benefits")} error={error("benefits")}>
          <Textarea id={id("benefits")} name="benefits" rows={3} defaultValue={initial.benefits} />
        </Field>
      </div>
      <FormFooter generalError={action.generalError} pending={action.pending} label={tierId ? t("save") : t("create")} pendingLabel={t("saving")} />
      <FormStatus className="md:col-span-2" success={action.result?.ok ? t("saved") : null} />
    </GridForm>
  );
}
