import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { memberStatus, salesChannel } from "@/db/schema/enums";

/**
 * A plain GET form: filters live in the URL, so a filtered list can be bookmarked and shared, and it works
 * before any JavaScript has loaded. The sort survives a new search; the page starts again at 1.
 */
export interface MemberFilterValues {
  q?: string;
  store?: string;
  status?: string;
  channel?: string;
  from?: string;
  to?: string;
}

export function MemberFilters({
  query,
  stores,
  keep,
}: {
  query: MemberFilterValues;
  stores: ReadonlyArray<{ id: string; name: string }>;
  /** Hidden fields carried over a new search (the sort). */
  keep: Readonly<Record<string, string>>;
}) {
  const t = useTranslations("members.list");
  const ts = useTranslations("members.status");
  const tc = useTranslations("common");
  const filtered = Boolean(query.q || query.store || query.status || query.channel || query.from || query.to);
  return (
    <form method="get" action="/members" role="search" aria-label={t("filters")} className="mb-5 rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 shadow-sm">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <Field id="member-search" label={t("search")}>
            <Input id="member-search" name="q" type="search" defaultValue={query.q ?? ""} placeholder={t("searchPlaceholder")} aria-describedby="member-search-hint" autoComplete="off" />
          </Field>
          <p id="member-search-hint" className="mt-1 text-xs text-[var(--text-muted)]">
            {t("searchHint")}
          </p>
        </div>
        <FilterSelect name="store" label={t("store")} anyLabel={tc("allStores")} value={query.store} options={stores.map((s) => ({ value: s.id, label: s.name }))} />
        <FilterSelect name="status" label={t("status")} anyLabel={t("anyStatus")} value={query.status} options={memberStatus.enumValues.map((s) => ({ value: s, label: ts(s) }))} />
        <FilterSelect
          name="channel"
          label={t("channel")}
          anyLabel={t("anyChannel")}
          value={query.channel}
          options={salesChannel.enumValues.map((c) => ({ value: c, label: tc(`channels.${c}`) }))}
        />
        <Field id="member-from" label={t("joinedFrom")}>
          <Input id="member-from" name="from" type="date" defaultValue={query.from ?? ""} />
        </Field>
        <Field id="member-to" label={t("joinedTo")}>
          <Input id="member-to" name="to" type="date" defaultValue={query.to ?? ""} />
        </Field>
        <FilterActions filtered={filtered} clearHref="/members" clearLabel={t("clear")} applyLabel={t("apply")} />
      </div>
    </form>
  );
}

/** Apply, and (when a filter is set) a link back to the unfiltered list. */
export function FilterActions({ filtered, clearHref, clearLabel, applyLabel }: { filtered: boolean; clearHref: string; clearLabel: string; applyLabel: string }) {
  return (
    <div className="flex flex-wrap items-end justify-end gap-2">
      {filtered ? (
        <Link href={clearHref} className={buttonClass("ghost")}>
          {clearLabel}
        </Link>
      ) : null}
      <button type="submit" className={buttonClass("primary")}>
        {applyLabel}
      </button>
    </div>
  );
}

/** A labelled select whose empty first option means "no filter" (no such option without `anyLabel`). */
export function FilterSelect({
  name,
  label,
  anyLabel,
  value,
  options,
  idPrefix = "member",
}: {
  name: string;
  label: string;
  anyLabel?: string;
  value?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${name}`;
  return (
    <Field id={id} label={label}>
      <Select id={id} name={name} defaultValue={value ?? ""}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
