"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { INTERVENTION_KINDS, type InterventionKind } from "@/lib/models/churn/interventions";
import { REASON_KINDS, type ReasonKind } from "@/lib/models/churn/reason-kinds";

/** A rule as the editor holds it: thresholds as typed (blank: none), a key for React. */
export interface EditableRule {
  key: number;
  reasons: ReasonKind[];
  minRisk: string;
  minValueRank: string;
  intervention: InterventionKind;
}

export type RuleField = "reasons" | "minRisk" | "minValueRank" | "intervention";

/**
 * One rule of the policy editor: the reasons it applies to (none ticked: any), the thresholds, the action,
 * and its place in the list (up, down, remove). `catches` is the preview's count for it, when known.
 */
export function PolicyRuleFields({
  rule,
  index,
  count,
  errorOf,
  catches,
  onChange,
  onMove,
  onRemove,
}: {
  rule: EditableRule;
  index: number;
  count: number;
  errorOf: (field: RuleField) => string | undefined;
  catches: { members: number; atRisk: number } | undefined;
  onChange: (rule: EditableRule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const t = useTranslations("churn");
  const format = useFormatter();
  const n = index + 1;
  const id = (field: string) => `rule-${index}-${field}`;
  const reasonsError = errorOf("reasons");
  const toggle = (reason: ReasonKind, on: boolean) =>
    onChange({ ...rule, reasons: on ? REASON_KINDS.filter((r) => r === reason || rule.reasons.includes(r)) : rule.reasons.filter((r) => r !== reason) });
  return (
    <li className="rounded-lg border border-[var(--border)] p-4" data-testid="policy-rule">
      <div role="group" aria-labelledby={id("title")}>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h3 id={id("title")} className="text-sm font-semibold">
            {t("policy.rule", { n })}
          </h3>
          <div className="flex flex-wrap items-center gap-1">
            {catches ? (
              <span className="tabular me-2 text-sm text-[var(--text-muted)]" data-testid="policy-rule-catches">
                {t("policy.preview.catches", { members: catches.members, atRisk: format.number(catches.atRisk) })}
              </span>
            ) : null}
            <Button type="button" variant="ghost" onClick={() => onMove(-1)} disabled={index === 0} aria-label={t("policy.moveUpLabel", { n })}>
              {t("policy.moveUp")}
            </Button>
            <Button type="button" variant="ghost" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={t("policy.moveDownLabel", { n })}>
              {t("policy.moveDown")}
            </Button>
            <Button type="button" variant="ghost" onClick={onRemove} disabled={count === 1} aria-label={t("policy.removeLabel", { n })}>
              {t("policy.remove")}
            </Button>
          </div>
        </div>
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <fieldset aria-describedby={`${id("reasons")}-hint${reasonsError ? ` ${id("reasons")}-error` : ""}`}>
            <legend className="mb-1.5 text-sm font-medium">{t("policy.reasons")}</legend>
            <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
              {REASON_KINDS.map((reason) => (
                <label key={reason} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={rule.reasons.includes(reason)} onChange={(e) => toggle(reason, e.target.checked)} />
                  {t(`policy.reasonNames.${reason}`)}
                </label>
              ))}
            </div>
            <p id={`${id("reasons")}-hint`} className="mt-1 text-xs text-[var(--text-muted)]">
              {t("policy.reasonsHint")}
            </p>
            {reasonsError ? (
              <p id={`${id("reasons")}-error`} className="text-sm text-red-700 dark:text-red-400">
                {reasonsError}
              </p>
            ) : null}
          </fieldset>
          <div className="space-y-3">
            {(["minRisk", "minValueRank"] as const).map((field) => (
              <Field key={field} id={id(field)} label={t(`policy.${field}`)} error={errorOf(field)}>
                <Input
                  id={id(field)}
                  inputMode="decimal"
                  placeholder={t("policy.any")}
                  value={rule[field]}
                  onChange={(e) => onChange({ ...rule, [field]: e.target.value })}
                  aria-invalid={errorOf(field) ? true : undefined}
                  aria-describedby={`${id(field)}-hint${errorOf(field) ? ` ${id(field)}-error` : ""}`}
                  dir="ltr"
                />
                <p id={`${id(field)}-hint`} className="text-xs text-[var(--text-muted)]">
                  {t(`policy.${field}Hint`)}
                </p>
              </Field>
            ))}
            <Field id={id("intervention")} label={t("policy.intervention")} error={errorOf("intervention")}>
              <Select id={id("intervention")} value={rule.intervention} onChange={(e) => onChange({ ...rule, intervention: e.target.value as InterventionKind })}>
                {INTERVENTION_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`interventions.${kind}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </div>
      </div>
    </li>
  );
}
