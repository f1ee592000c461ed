"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { saveInterventionPolicyAction } from "@/app/(app)/churn/policy/actions";
import { FormStatus } from "@/components/ui/form-status";
import { Button } from "@/components/ui/button";
import type { SavePolicyResult } from "@/db/queries/churn-policy";
import { interventionRulesInput } from "@/lib/churn/policy";
import type { ActionResult } from "@/lib/errors";
import { policyWarnings, type InterventionRule } from "@/lib/models/churn/interventions";
import { PolicyPreviewSummary } from "./policy-preview-summary";
import { PolicyWarnings } from "./policy-warnings";
import { PolicyRuleFields, type EditableRule, type RuleField } from "./policy-rule-fields";
import { usePolicyPreview, type PolicyPreviewData } from "./use-policy-preview";

const editable = (rule: InterventionRule, key: number): EditableRule => ({
  key,
  reasons: [...(rule.reasons ?? [])],
  minRisk: rule.minRisk ? String(rule.minRisk) : "",
  minValueRank: rule.minValueRank ? String(rule.minValueRank) : "",
  intervention: rule.intervention,
});

/** The rules as the action and the preview take them (thresholds as typed; the server reads them). */
const wire = (rules: readonly EditableRule[]) => rules.map(({ reasons, minRisk, minValueRank, intervention }) => ({ reasons, minRisk, minValueRank, intervention }));

/** "rules.2.minRisk" -> "2.minRisk"; "rules" -> "_". */
function fieldKey(path: string): string {
  const match = /^rules\.(\d+)\.(\w+)/.exec(path);
  return match ? `${match[1]}.${match[2]}` : "_";
}

/**
 * The policy editor (churn:policy): the ordered rules, each editable, movable and removable; warnings about
 * rules that can never apply and a missing catch-all; beside each rule, how many members of the latest
 * re-score it would catch. "Save" writes the next version; the server checks the rules again and names a
 * bad field (`rules.2.minRisk`), shown next to it.
 */
export function PolicyEditor({
  rules: initialRules,
  baseVersion,
  preview,
  afterSave,
}: {
  rules: readonly InterventionRule[];
  /** The version in force when the page was rendered: saving from an older one is refused. */
  baseVersion: number;
  preview: PolicyPreviewData | null;
  /** Where to go after a save ("/churn/policy" when an older version was opened); else the page refreshes. */
  afterSave?: string;
}) {
  const t = useTranslations("churn.policy");
  const format = useFormatter();
  const router = useRouter();
  const nextKey = useRef(initialRules.length);
  const [rules, setRules] = useState<EditableRule[]>(() => initialRules.map(editable));
  const [base, setBase] = useState(baseVersion);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<ActionResult<SavePolicyResult> | null>(null);

  const initialText = useMemo(() => JSON.stringify(wire(initialRules.map(editable))), [initialRules]);
  const text = JSON.stringify(wire(rules));
  const parsed = interventionRulesInput.safeParse(wire(rules));
  const warnings = parsed.success ? policyWarnings(parsed.data) : [];
  const live = usePolicyPreview(parsed.success ? text : null, { rulesText: initialText, preview });
  // Counts belong to the rules as they were asked for; while the list is being changed they are not shown beside rules.
  const counts = live.data && !live.settling && parsed.success && live.data.rules.length === rules.length ? live.data : null;

  const errors: Record<string, string> = {};
  if (result && !result.ok) {
    for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) errors[fieldKey(path)] ??= messages[0] ?? "";
  }
  const errorOf = (index: number) => (field: RuleField) => (errors[`${index}.${field}`] !== undefined ? t(`fieldErrors.${field}`) : undefined);
  const fieldCount = Object.keys(errors).length;

  const update = (index: number, rule: EditableRule) => setRules((all) => all.map((r, i) => (i === index ? rule : r)));
  const move = (index: number, by: -1 | 1) =>
    setRules((all) => {
      const to = index + by;
      if (to < 0 || to >= all.length) return all;
      const next = [...all];
      [next[index], next[to]] = [next[to] as EditableRule, next[index] as EditableRule];
      return next;
    });
  const remove = (index: number) => setRules((all) => (all.length > 1 ? all.filter((_, i) => i !== index) : all));
  const add = () => setRules((all) => [...all, { key: nextKey.current++, reasons: [], minRisk: "", minValueRank: "", intervention: "personalizedOffer" }]);

  const save = async () => {
    setPending(true);
    try {
      const outcome = await saveInterventionPolicyAction({ baseVersion: base, rules: wire(rules) });
      setResult(outcome);
      if (outcome.ok) {
        setBase(outcome.data.version);
        // As stored ("0.50" reads 0.5, blanks drop), so the page's refreshed rules equal the editor's.
        if (parsed.success) setRules(parsed.data.map(editable));
        if (afterSave) router.push(afterSave);
        else router.refresh();
      }
    } finally {
      setPending(false);
    }
  };

  let status: { error?: string; success?: string } = {};
  if (result && !result.ok) {
    status = { error: fieldCount > 0 ? t("errors.fields", { fields: fieldCount }) : result.code === "conflict" ? t("errors.conflict") : t("errors.failed") };
  } else if (result?.ok) {
    status = { success: result.data.created ? t("saved", { version: result.data.version }) : t("unchanged", { version: result.data.version }) };
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="space-y-4"
      data-testid="policy-editor"
    >
      <PolicyPreviewSummary preview={counts ?? live.data ?? null} updating={live.isFetching || live.settling} invalid={!parsed.success} failed={live.isError} />
      {errors._ !== undefined ? <FormStatus error={t("fieldErrors.rules")} /> : null}
      <ol className="space-y-3">
        {rules.map((rule, index) => (
          <PolicyRuleFields
            key={rule.key}
            rule={rule}
            index={index}
            count={rules.length}
            errorOf={errorOf(index)}
            catches={counts?.rules[index]}
            onChange={(next) => update(index, next)}
            onMove={(by) => move(index, by)}
            onRemove={() => remove(index)}
          />
        ))}
      </ol>
      {counts && counts.unmatched.members > 0 ? (
        <p className="text-sm text-[var(--text-muted)]" data-testid="policy-unmatched">
          {t("preview.unmatched", { members: counts.unmatched.members, atRisk: format.number(counts.unmatched.atRisk) })}
        </p>
      ) : null}
      <PolicyWarnings warnings={warnings} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={add}>
          {t("add")}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setRules(initialRules.map(editable))} disabled={text === initialText}>
          {t("reset")}
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <FormStatus {...status} />
      </div>
    </form>
  );
}
