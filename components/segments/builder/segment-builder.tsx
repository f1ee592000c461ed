"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useRef, useState, useTransition } from "react";
import { archiveSegmentAction, createSegmentAction, duplicateSegmentAction, updateSegmentAction } from "@/app/(app)/segments/actions";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { RULE_LIMITS } from "@/lib/segments/catalogue";
import { addChild, buildRule, countConditions, draftFromRule, groupNode, newCondition, newGroup, nodeAtPath, removeNode, updateNode, type DraftGroup } from "@/lib/segments/draft";
import type { RuleNode } from "@/lib/segments/rule";
import { BuilderContext, type BuilderTools } from "./context";
import { LiveSizePanel } from "./live-size-panel";
import { GroupEditor } from "./tree-editor";
import { RuleRefused, splitIssue, useBuilderOptions, useLiveSize } from "./use-builder-data";

export interface BuilderSegment {
  id: string;
  version: number;
  name: string;
  description: string | null;
  rule: RuleNode;
}

type SaveError = { message: string; name?: string; issues: string[] };

/**
 * The segment builder: a tree of AND / OR groups (each can be negated) of conditions, the live size beside
 * it, and save / duplicate / archive. The rule it saves is exactly the one it counts.
 */
export function SegmentBuilder({ segment, currency }: { segment: BuilderSegment | null; currency: string }) {
  const t = useTranslations("segments.builder");
  const tErrors = useTranslations("segments.errors");
  const router = useRouter();
  const counter = useRef(0);
  const nextId = () => `n${++counter.current}`;
  const [root, setRoot] = useState<DraftGroup>(() => (segment ? draftFromRule(segment.rule, nextId) : newGroup(nextId(), "all", [newCondition(nextId())])));
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [saveError, setSaveError] = useState<SaveError | null>(null);
  const [pending, startTransition] = useTransition();

  const built = useMemo(() => buildRule(root), [root]);
  const live = useLiveSize(built.rule);
  const options = useBuilderOptions();

  // Problems the server named (live count or save), put on the node at their place in the rule.
  const issues = [...(live.error instanceof RuleRefused ? live.error.issues : []), ...(saveError?.issues ?? [])];
  const errors = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const issue of issues) {
    const [path, message] = splitIssue(issue);
    const id = path ? nodeAtPath(built.paths, path) : undefined;
    if (id) errors.set(id, [...(errors.get(id) ?? []), message]);
    else unplaced.push(issue);
  }

  // An edit makes the last save's complaints about the rule out of date.
  const edit = (change: (r: DraftGroup) => DraftGroup) => {
    setRoot(change);
    setSaveError((e) => (e && e.issues.length > 0 ? null : e));
  };
  const tools: BuilderTools = {
    update: (id, change) => edit((r) => updateNode(r, id, change)),
    remove: (id) => edit((r) => removeNode(r, id)),
    add: (groupId, what) => edit((r) => addChild(r, groupId, what === "group" ? newGroup(nextId(), "any", [newCondition(nextId())]) : newCondition(nextId(), what))),
    group: (id) => edit((r) => groupNode(r, id, nextId())),
    options: options.data,
    currency,
    selfId: segment?.id ?? null,
    errors,
    incomplete: new Set(built.incomplete),
    full: countConditions(root) >= RULE_LIMITS.conditions,
  };

  const fail = (result: { code: string; message: string; fieldErrors?: Record<string, string[]> }) =>
    setSaveError({
      message: result.code === "conflict" ? result.message : tErrors(result.code as never),
      name: result.fieldErrors?.name?.join(" "),
      issues: result.fieldErrors?.rule ?? [],
    });

  const save = () =>
    startTransition(async () => {
      setSaveError(null);
      if (!built.rule) return setSaveError({ message: t("needCondition"), issues: [] });
      const input = { name, description, rule: built.rule };
      const result = segment ? await updateSegmentAction({ ...input, id: segment.id, version: segment.version }) : await createSegmentAction(input);
      if (!result.ok) return fail(result);
      router.push(`/segments/${result.data.id}`);
    });
  const duplicate = () =>
    startTransition(async () => {
      if (!segment) return;
      const result = await duplicateSegmentAction({ id: segment.id });
      if (!result.ok) return fail(result);
      router.push(`/segments/${result.data.id}/edit`);
    });
  const archive = () =>
    startTransition(async () => {
      if (!segment || !window.confirm(t("confirmArchive", { name: segment.name }))) return;
      const result = await archiveSegmentAction({ id: segment.id });
      if (!result.ok) return fail(result);
      router.push("/segments");
    });

  return (
    <BuilderContext.Provider value={tools}>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-6">
          <Card aria-labelledby="builder-details">
            <CardHeader title={<span id="builder-details">{t("details")}</span>} />
            <div className="grid gap-4 md:grid-cols-2">
              <Field id="segment-name" label={t("name")} error={saveError?.name}>
                <Input id="segment-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required aria-invalid={saveError?.name ? true : undefined} />
              </Field>
              <Field id="segment-description" label={t("descriptionLabel")}>
                <Input id="segment-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
              </Field>
            </div>
          </Card>
          <Card aria-labelledby="builder-rule">
            <CardHeader title={<span id="builder-rule">{t("rule")}</span>} description={t("ruleDescription")} />
            <GroupEditor group={root} root />
          </Card>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" onClick={save} disabled={pending || !name.trim()}>
              {pending ? t("saving") : t("save")}
            </Button>
            {segment ? (
              <>
                <Button type="button" variant="secondary" onClick={duplicate} disabled={pending}>
                  {t("duplicate")}
                </Button>
                <Button type="button" variant="ghost" onClick={archive} disabled={pending}>
                  {t("archive")}
                </Button>
              </>
            ) : null}
            {saveError ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {saveError.message}
              </p>
            ) : null}
          </div>
        </div>
        <LiveSizePanel live={live} hasRule={built.rule !== null} currency={currency} unplaced={unplaced} />
      </div>
    </BuilderContext.Provider>
  );
}
