"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { withField, type DraftCondition, type DraftGroup, type DraftNode } from "@/lib/segments/draft";
import { useBuilder } from "./context";
import { FieldPicker } from "./field-picker";
import { CategoryEditor, EventEditor, FieldValueEditor, SegmentEditor } from "./value-editors";

function NodeMessages({ id }: { id: string }) {
  const t = useTranslations("segments.builder");
  const { errors, incomplete } = useBuilder();
  const messages = errors.get(id) ?? [];
  return (
    <>
      {messages.length > 0 ? (
        <ul role="alert" className="mt-2 space-y-0.5 text-sm text-red-700 dark:text-red-400" data-testid="condition-error">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {incomplete.has(id) ? <p className="mt-2 text-xs text-[var(--text-muted)]">{t("incomplete")}</p> : null}
    </>
  );
}

function NotToggle({ node }: { node: DraftNode }) {
  const t = useTranslations("segments.builder");
  const { update } = useBuilder();
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <input type="checkbox" checked={node.negated} onChange={(e) => update(node.id, (n) => ({ ...n, negated: e.target.checked }))} />
      {t("not")}
    </label>
  );
}

function ConditionEditor({ c }: { c: DraftCondition }) {
  const t = useTranslations("segments.builder");
  const tools = useBuilder();
  const change = (patch: Partial<DraftCondition>) => tools.update(c.id, (n) => ({ ...(n as DraftCondition), ...patch }));
  const pick = (value: string) =>
    tools.update(c.id, (n) => {
      const current = n as DraftCondition;
      if (value.startsWith("field:")) return withField(current, value.slice("field:".length));
      const kind = value as DraftCondition["kind"];
      return { ...current, kind, op: kind === "category" ? "gte" : "", value: "", value2: "", values: [] };
    });
  const editor: ReactNode =
    c.kind === "field" ? <FieldValueEditor c={c} change={change} /> : c.kind === "category" ? <CategoryEditor c={c} change={change} /> : c.kind === "segment" ? <SegmentEditor c={c} change={change} /> : <EventEditor c={c} change={change} />;
  return (
    <li className={cn("rounded-lg border bg-[var(--surface)] p-3", tools.errors.has(c.id) ? "border-red-400" : "border-[var(--border)]")} data-testid="rule-condition" data-node-id={c.id}>
      <div className="flex flex-wrap items-center gap-2">
        <FieldPicker condition={c} onPick={pick} />
        <NotToggle node={c} />
        <Button type="button" variant="ghost" onClick={() => tools.group(c.id)} disabled={tools.full}>
          {t("groupIt")}
        </Button>
        <Button type="button" variant="ghost" onClick={() => tools.remove(c.id)}>
          {t("remove")}
          <span className="sr-only"> {t("condition")}</span>
        </Button>
      </div>
      {c.kind === "field" && !c.field ? null : <div className="mt-2 flex flex-wrap items-center gap-2">{editor}</div>}
      <NodeMessages id={c.id} />
    </li>
  );
}

export function GroupEditor({ group, root = false }: { group: DraftGroup; root?: boolean }) {
  const t = useTranslations("segments.builder");
  const tools = useBuilder();
  return (
    <div className={cn("rounded-xl border p-3", root ? "border-[var(--border)]" : "border-dashed border-brand-500/50 bg-[var(--surface-muted)]")} data-testid="rule-group">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <Select
          aria-label={t("join")}
          value={group.join}
          onChange={(e) => tools.update(group.id, (n) => ({ ...(n as DraftGroup), join: e.target.value as DraftGroup["join"] }))}
          className="w-auto!"
        >
          <option value="all">{t("joins.all")}</option>
          <option value="any">{t("joins.any")}</option>
        </Select>
        <NotToggle node={group} />
        {root ? null : (
          <Button type="button" variant="ghost" onClick={() => tools.remove(group.id)} className="ms-auto">
            {t("removeGroup")}
          </Button>
        )}
      </div>
      {group.children.length === 0 ? <p className="mb-3 text-sm text-[var(--text-muted)]">{t("emptyGroup")}</p> : null}
      <ul className="space-y-2">
        {group.children.map((child) =>
          child.type === "group" ? (
            <li key={child.id}>
              <GroupEditor group={child} />
            </li>
          ) : (
            <ConditionEditor key={child.id} c={child} />
          ),
        )}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={() => tools.add(group.id, "field")} disabled={tools.full}>
          + {t("addCondition")}
        </Button>
        <Button type="button" variant="ghost" onClick={() => tools.add(group.id, "group")} disabled={tools.full}>
          + {t("addGroup")}
        </Button>
      </div>
      <NodeMessages id={group.id} />
    </div>
  );
}
