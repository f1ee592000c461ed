import { useTranslations } from "next-intl";
import { FilterActions, FilterSelect } from "@/components/members/member-filters";
import { BAND_FILTERS } from "@/db/queries/churn-at-risk";

type Option = { id: string; name: string };

/** A plain GET form (filters live in the URL); a new filter starts again at page 1. */
export function AtRiskFilters({
  query,
  options,
}: {
  query: { store?: string; tier?: string; segment?: string; band: string };
  options: { stores: readonly Option[]; tiers: readonly Option[]; segments: readonly Option[] };
}) {
  const t = useTranslations("churn.list");
  const tb = useTranslations("churn.bandFilters");
  const tc = useTranslations("common");
  const filtered = Boolean(query.store || query.tier || query.segment || query.band !== "at_risk");
  const choices = (items: readonly Option[]) => items.map((o) => ({ value: o.id, label: o.name }));
  return (
    <form method="get" action="/churn" role="search" aria-label={t("filters")} className="mb-5 rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 shadow-sm">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]">
        <FilterSelect idPrefix="churn" name="store" label={t("store")} anyLabel={tc("allStores")} value={query.store} options={choices(options.stores)} />
        <FilterSelect idPrefix="churn" name="tier" label={t("tier")} anyLabel={t("anyTier")} value={query.tier} options={choices(options.tiers)} />
        <FilterSelect idPrefix="churn" name="segment" label={t("segment")} anyLabel={t("anySegment")} value={query.segment} options={choices(options.segments)} />
        <FilterSelect
          idPrefix="churn"
          name="band"
          label={t("band")}
          value={query.band}
          options={BAND_FILTERS.map((b) => ({ value: b, label: tb(b) }))}
        />
        <FilterActions filtered={filtered} clearHref="/churn" clearLabel={t("clear")} applyLabel={t("apply")} />
      </div>
    </form>
  );
}
