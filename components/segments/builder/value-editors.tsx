"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Input, Select } from "@/components/ui/field";
import { ENGAGEMENT_CHANNELS, ENGAGEMENT_TYPES, fieldByName, OPERATORS, SALES_CHANNELS, type FieldDef } from "@/lib/segments/catalogue";
import type { DraftCondition } from "@/lib/segments/draft";
import { useBuilder } from "./context";

type Change = (patch: Partial<DraftCondition>) => void;

const NO_VALUE = new Set(["is_null", "is_not_null", "is_true", "is_false"]);
const SHARE_OPS = OPERATORS.share.filter((op) => op !== "is_null" && op !== "is_not_null");
const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"];

function Unit({ children }: { children: ReactNode }) {
  return <span className="shrink-0 text-sm text-[var(--text-muted)]">{children}</span>;
}

/** A number as typed (decimal comma or point), with its unit after it. */
function NumberInput({ label, value, onChange, unit }: { label: string; value: string; onChange: (v: string) => void; unit?: string }) {
  return (
    <span className="flex items-center gap-1.5">
      <Input type="text" inputMode="decimal" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-28!" dir="ltr" />
      {unit ? <Unit>{unit}</Unit> : null}
    </span>
  );
}

function OpSelect({ ops, value, onChange }: { ops: readonly string[]; value: string; onChange: (op: string) => void }) {
  const t = useTranslations("segments.builder");
  return (
    <Select aria-label={t("operator")} value={value} onChange={(e) => onChange(e.target.value)} className="w-auto!">
      {ops.map((op) => (
        <option key={op} value={op}>
          {t(`ops.${op}`)}
        </option>
      ))}
    </Select>
  );
}

/** The unit a field's value is typed in: money in the program currency's major units, shares in percent. */
function useUnit(def: FieldDef): string | undefined {
  const t = useTranslations("segments.builder.units");
  const { currency } = useBuilder();
  if (def.type === "money") return currency;
  if (def.type === "share") return "%";
  if (def.type === "date") return t("days");
  return def.unit === "days" || def.unit === "years" || def.unit === "hours" || def.unit === "ratio" ? t(def.unit) : undefined;
}

function Range({ label, c, change, unit, render }: { label: string; c: DraftCondition; change: Change; unit?: string; render?: (v: string, set: (v: string) => void, label: string) => ReactNode }) {
  const t = useTranslations("segments.builder");
  const one = (v: string, set: (v: string) => void, l: string) => (render ? render(v, set, l) : <NumberInput label={l} value={v} onChange={set} unit={unit} />);
  return (
    <span className="flex flex-wrap items-center gap-2" role="group" aria-label={label}>
      {one(c.value, (value) => change({ value }), t("from"))}
      <Unit>{t("and")}</Unit>
      {one(c.value2, (value2) => change({ value2 }), t("to"))}
    </span>
  );
}

export function FieldValueEditor({ c, change }: { c: DraftCondition; change: Change }) {
  const t = useTranslations("segments");
  const { options } = useBuilder();
  const def = fieldByName(c.field);
  const unit = useUnit(def ?? { name: "", type: "number", group: "purchases", source: "features", nullable: false });
  if (!def) return null;
  const op = <OpSelect ops={OPERATORS[def.type]} value={c.op} onChange={(next) => change({ op: next })} />;
  if (NO_VALUE.has(c.op)) return op;
  let input: ReactNode;
  if (def.unit === "weekday") {
    const weekday = (v: string, set: (v: string) => void, label: string) => (
      <Select aria-label={label} value={v} onChange={(e) => set(e.target.value)} className="w-auto!">
        <option value="">{t("builder.choose")}</option>
        {WEEKDAYS.map((d) => (
          <option key={d} value={d}>
            {t(`weekdays.${d}`)}
          </option>
        ))}
      </Select>
    );
    input = c.op === "between" ? <Range label={t("builder.value")} c={c} change={change} render={weekday} /> : weekday(c.value, (value) => change({ value }), t("builder.value"));
  } else if (c.op === "between") {
    input = <Range label={t("builder.value")} c={c} change={change} unit={unit} />;
  } else if (def.type === "date" && c.op !== "within_last") {
    input = <Input type="date" aria-label={t("builder.value")} value={c.value} onChange={(e) => change({ value: e.target.value })} className="w-auto!" />;
  } else if (def.type === "choice") {
    const choices = def.optionsFrom === "stores" ? (options?.stores ?? []).map((s) => ({ value: s.id, label: s.name })) : (def.options ?? []).map((o) => ({ value: o, label: t(`options.${def.name}.${o}` as never) }));
    input = (
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">{t("builder.value")}</legend>
        {choices.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={c.values.includes(o.value)}
              onChange={(e) => change({ values: e.target.checked ? [...c.values, o.value] : c.values.filter((v) => v !== o.value) })}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  } else if (def.type === "text") {
    const list = c.op === "in" || c.op === "not_in";
    input = (
      <Input
        type="text"
        aria-label={t("builder.value")}
        placeholder={list ? t("builder.listHint") : undefined}
        value={c.value}
        onChange={(e) => change({ value: e.target.value })}
        className="w-56!"
      />
    );
  } else {
    input = <NumberInput label={t("builder.value")} value={c.value} onChange={(value) => change({ value })} unit={unit} />;
  }
  return (
    <>
      {op}
      {input}
    </>
  );
}

/** The program's categories (from /api/segments/options); the empty choice is "choose" or "any". */
function CategorySelect({ value, onChange, emptyLabel }: { value: string; onChange: (code: string) => void; emptyLabel: string }) {
  const t = useTranslations("segments.builder");
  const { options } = useBuilder();
  return (
    <Select aria-label={t("category")} value={value} onChange={(e) => onChange(e.target.value)} className="w-auto!">
      <option value="">{emptyLabel}</option>
      {(options?.categories ?? []).map((cat) => (
        <option key={cat.code} value={cat.code}>
          {cat.name}
        </option>
      ))}
    </Select>
  );
}

export function CategoryEditor({ c, change }: { c: DraftCondition; change: Change }) {
  const t = useTranslations("segments.builder");
  return (
    <>
      <CategorySelect value={c.category} onChange={(category) => change({ category })} emptyLabel={t("choose")} />
      <OpSelect ops={SHARE_OPS} value={c.op} onChange={(op) => change({ op })} />
      {c.op === "between" ? <Range label={t("value")} c={c} change={change} unit="%" /> : <NumberInput label={t("value")} value={c.value} onChange={(value) => change({ value })} unit="%" />}
    </>
  );
}

export function SegmentEditor({ c, change }: { c: DraftCondition; change: Change }) {
  const t = useTranslations("segments.builder");
  const { options, selfId } = useBuilder();
  return (
    <Select aria-label={t("segment")} value={c.segment} onChange={(e) => change({ segment: e.target.value })} className="w-auto! min-w-48">
      <option value="">{t("choose")}</option>
      {(options?.segments ?? [])
        .filter((s) => s.id !== selfId)
        .map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
    </Select>
  );
}

/** "did / did not — event — at least N times — in the last D days (blank: ever) — channel — category". */
export function EventEditor({ c, change }: { c: DraftCondition; change: Change }) {
  const t = useTranslations("segments");
  const purchase = c.event === "purchase";
  const channels: readonly string[] = purchase ? SALES_CHANNELS : ENGAGEMENT_CHANNELS;
  return (
    <>
      <Select aria-label={t("builder.did")} value={c.did ? "did" : "didNot"} onChange={(e) => change({ did: e.target.value === "did" })} className="w-auto!">
        <option value="did">{t("builder.didOptions.did")}</option>
        <option value="didNot">{t("builder.didOptions.didNot")}</option>
      </Select>
      <Select aria-label={t("builder.event")} value={c.event} onChange={(e) => change({ event: e.target.value as DraftCondition["event"], channel: "", category: "" })} className="w-auto!">
        {(["purchase", "engagement", ...ENGAGEMENT_TYPES] as const).map((e) => (
          <option key={e} value={e}>
            {t(`events.${e}`)}
          </option>
        ))}
      </Select>
      <NumberInput label={t("builder.atLeast")} value={c.atLeast} onChange={(atLeast) => change({ atLeast })} unit={t("builder.units.times")} />
      <NumberInput label={t("builder.withinDays")} value={c.withinDays} onChange={(withinDays) => change({ withinDays })} unit={t("builder.units.daysOrEver")} />
      <Select aria-label={t("builder.channel")} value={c.channel} onChange={(e) => change({ channel: e.target.value })} className="w-auto!">
        <option value="">{t("builder.anyChannel")}</option>
        {channels.map((ch) => (
          <option key={ch} value={ch}>
            {t(purchase ? `salesChannels.${ch}` : `engagementChannels.${ch}`)}
          </option>
        ))}
      </Select>
      {purchase ? (
        <CategorySelect value={c.category} onChange={(category) => change({ category })} emptyLabel={t("builder.anyCategory")} />
      ) : null}
    </>
  );
}
