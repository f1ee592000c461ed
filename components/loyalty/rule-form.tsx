"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createRuleAction, updateRuleAction } from "@/app/(app)/loyalty/rules/actions";
import { FormFooter, GridForm } from "@/components/settings/form-parts";
import { Field, Input, Select } from "@/components/ui/field";
import { isEventTrigger, readRuleForm, type RuleFormValues } from "@/lib/loyalty/rule-form";
import { RuleConditionFields, type RuleFormOptions } from "./rule-condition-fields";
import { FormSection } from "./form-section";
import { useFormAction } from "./use-form-action";

const KINDS = ["base_rate", "multiplier", "bonus"] as const;
const TRIGGERS = ["basket", "first_purchase", "birthday_month", "review", "social_share", "app_signup"] as const;

/**
 * Create or edit an earning rule: every field the rule schema has, shown by kind (a base rate's rate, a
 * multiplier's factor, a bonus's trigger and points; event bonuses hide the purchase conditions). Errors
 * from the server appear beside their field. An edit saves a new version; a rule keeps its kind.
 */
export function RuleForm({ ruleId, initial, options, program }: { ruleId?: string; initial: RuleFormValues; options: RuleFormOptions; program: { currency: string; timeZone: string } }) {
  const t = useTranslations("loyalty.ruleForm");
  const tl = useTranslations("loyalty");
  const router = useRouter();
  const [kind, setKind] = useState(initial.kind);
  const [trigger, setTrigger] = useState(initial.trigger);
  const create = useFormAction(createRuleAction, "rule");
  const update = useFormAction(updateRuleAction, "rule");
  const action = ruleId ? update : create;
  const error = action.fieldError;
  const id = (field: string) => `rule-${field}`;

  function submit(form: HTMLFormElement) {
    const values = readRuleForm(new FormData(form));
    if (ruleId) update.run({ ruleId, values }, () => router.push(`/loyalty/rules/${ruleId}`));
    else create.run({ values }, () => router.push("/loyalty/rules"));
  }

  return (
    <GridForm onSubmit={submit}>
      <input type="hidden" name="active" value={String(initial.active)} />
      <FormSection title={t("sections.basics")}>
        <Field id={id("name")} label={t("name")} error={error("name")}>
          <Input id={id("name")} name="name" defaultValue={initial.name} maxLength={200} />
        </Field>
        <Field id={id("kind")} label={t("kind")} error={error("kind")}>
          {ruleId ? (
            <>
              <input type="hidden" name="kind" value={kind} />
              <Input id={id("kind")} value={tl(`kinds.${kind}`)} readOnly aria-describedby={`${id("kind")}-hint`} />
              <p id={`${id("kind")}-hint`} className="text-xs text-[var(--text-muted)]">
                {t("kindFixed")}
              </p>
            </>
          ) : (
            <Select id={id("kind")} name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {tl(`kinds.${k}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id={id("priority")} label={t("priority")} error={error("priority")}>
          <Input id={id("priority")} name="priority" type="number" step={1} min={-1000} max={1000} defaultValue={initial.priority} />
        </Field>
        <Field id={id("combine")} label={t("combine")} error={error("combine")}>
          <Select id={id("combine")} name="combine" defaultValue={initial.combine}>
            <option value="stack">{tl("combine.stack")}</option>
            <option value="best_of">{tl("combine.best_of")}</option>
          </Select>
        </Field>
      </FormSection>

      <FormSection title={t("sections.effect")}>
        {kind === "base_rate" ? (
          <Field id={id("rate")} label={t("rate", { currency: program.currency })} error={error("rate")}>
            <Input id={id("rate")} name="rate" inputMode="decimal" defaultValue={initial.rate} placeholder="1" dir="ltr" />
          </Field>
        ) : null}
        {kind === "multiplier" ? (
          <Field id={id("factor")} label={t("factor")} error={error("factor")}>
            <Input id={id("factor")} name="factor" inputMode="decimal" defaultValue={initial.factor} placeholder="2" dir="ltr" />
          </Field>
        ) : null}
        {kind === "bonus" ? (
          <>
            <Field id={id("trigger")} label={t("trigger")} error={error("trigger")}>
              <Select id={id("trigger")} name="trigger" value={trigger} onChange={(e) => setTrigger(e.target.value)}>
                {TRIGGERS.map((tr) => (
                  <option key={tr} value={tr}>
                    {tl(`triggers.${tr}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={id("points")} label={t("points")} error={error("points")}>
              <Input id={id("points")} name="points" type="number" min={1} step={1} defaultValue={initial.points} />
            </Field>
          </>
        ) : null}
      </FormSection>

      <RuleConditionFields initial={initial} options={options} currency={program.currency} purchaseConditions={!(kind === "bonus" && isEventTrigger(trigger))} error={error} />

      <FormSection title={t("sections.limits")} description={t("zoneHint", { zone: program.timeZone })}>
        <Field id={id("capPerDay")} label={t("capPerDay")} error={error("capPerDay")}>
          <Input id={id("capPerDay")} name="capPerDay" type="number" min={1} step={1} defaultValue={initial.capPerDay} />
        </Field>
        <Field id={id("capPerMonth")} label={t("capPerMonth")} error={error("capPerMonth")}>
          <Input id={id("capPerMonth")} name="capPerMonth" type="number" min={1} step={1} defaultValue={initial.capPerMonth} />
        </Field>
        <Field id={id("startsAt")} label={t("startsAt")} error={error("startsAt")}>
          <Input id={id("startsAt")} name="startsAt" type="datetime-local" defaultValue={initial.startsAt} />
        </Field>
        <Field id={id("endsAt")} label={t("endsAt")} error={error("endsAt")}>
          <Input id={id("endsAt")} name="endsAt" type="datetime-local" defaultValue={initial.endsAt} />
        </Field>
      </FormSection>
      <FormFooter generalError={action.generalError} pending={action.pending} label={ruleId ? t("saveVersion") : t("create")} pendingLabel={t("saving")} />
    </GridForm>
  );
}
