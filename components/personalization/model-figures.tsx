import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import type { PersonalizationModelSummary } from "@/db/queries/personalization-models";

type Figure = { key: string; label: string; model: number | undefined; baseline: number | undefined; format: "percent" | "auc" };

function useFigureFormat() {
  const format = useFormatter();
  return (value: number | undefined, kind: Figure["format"]) =>
    value === undefined
      ? "–"
      : kind === "percent"
        ? format.number(value, { style: "percent", maximumFractionDigits: 1 })
        : format.number(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
}

/** The model beside its baseline on the held-out period: the figures the goals are stated in. */
function FigureTable({ figures, baselineLabel, testId }: { figures: Figure[]; baselineLabel: string; testId: string }) {
  const t = useTranslations("models.personalization");
  const show = useFigureFormat();
  return (
    <table className="w-full border-collapse text-sm" data-testid={testId}>
      <TableHead
        columns={[
          { key: "figure", label: t("columns.figure") },
          { key: "model", label: t("columns.model"), numeric: true },
          { key: "baseline", label: baselineLabel, numeric: true },
        ]}
      />
      <tbody className="divide-y divide-[var(--border)]">
        {figures.map((f) => (
          <tr key={f.key}>
            <th scope="row" className="px-3 py-2 text-start font-normal">
              {f.label}
            </th>
            <td className="tabular px-3 py-2 text-end font-semibold" data-testid={`${testId}-${f.key}`}>
              {show(f.model, f.format)}
            </td>
            <td className="tabular px-3 py-2 text-end">{show(f.baseline, f.format)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Facts({ model, rows }: { model: PersonalizationModelSummary; rows: Array<[string, string]> }) {
  const t = useTranslations("models.personalization");
  const format = useFormatter();
  const all: Array<[string, string]> = [
    [t("facts.trainedAt"), format.dateTime(model.trainedAt, { dateStyle: "medium", timeStyle: "short" })],
    [t("facts.trainedThrough"), format.dateTime(model.trainedThrough, { dateStyle: "medium" })],
    ...rows,
    [t("facts.elapsed"), t("seconds", { seconds: format.number(model.elapsedMs / 1000, { maximumFractionDigits: 1 }) })],
  ];
  return (
    <dl className="mt-4 grid gap-2 text-sm sm:grid-cols-2">
      {all.map(([label, value]) => (
        <div key={label}>
          <dt className="text-[var(--text-muted)]">{label}</dt>
          <dd className="tabular">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Recommendations: hit rate and recall at 10 against popularity, on the 90 days after the training data. */
export function RecommendationFigures({ model }: { model: PersonalizationModelSummary }) {
  const t = useTranslations("models.personalization");
  const format = useFormatter();
  const m = model.metrics;
  return (
    <Card>
      <CardHeader title={t("recommendations.title")} description={t("recommendations.description")} />
      <FigureTable
        testId="recommendation-figures"
        baselineLabel={t("columns.popularity")}
        figures={[
          { key: "hit-rate", label: t("recommendations.hitRate"), model: m.hitRateAt10, baseline: m.popularityHitRateAt10, format: "percent" },
          { key: "recall", label: t("recommendations.recall"), model: m.recallAt10, baseline: m.popularityRecallAt10, format: "percent" },
        ]}
      />
      {m.ratio !== undefined ? (
        <p className="mt-3 text-sm" data-testid="recommendation-ratio">
          {t("recommendations.ratio", { ratio: format.number(m.ratio, { maximumFractionDigits: 2 }) })}
        </p>
      ) : null}
      <Facts
        model={model}
        rows={[
          [t("facts.members"), format.number(model.samples)],
          ...(m.evaluatedMembers !== undefined ? ([[t("facts.evaluatedMembers"), format.number(m.evaluatedMembers)]] as Array<[string, string]>) : []),
        ]}
      />
    </Card>
  );
}

/** Redemption propensity: AUC on offers sent after the cutoff against "redeemed before". */
export function PropensityFigures({ model }: { model: PersonalizationModelSummary }) {
  const t = useTranslations("models.personalization");
  const format = useFormatter();
  const m = model.metrics;
  const offers = (n: number | undefined, redeemed: number | undefined) =>
    n === undefined ? "–" : t("offers", { offers: format.number(n), redeemed: format.number(redeemed ?? 0) });
  return (
    <Card>
      <CardHeader title={t("propensity.title")} description={t("propensity.description")} />
      <FigureTable
        testId="propensity-figures"
        baselineLabel={t("columns.redeemedBefore")}
        figures={[{ key: "auc", label: t("propensity.auc"), model: m.auc, baseline: m.baselineAuc, format: "auc" }]}
      />
      <Facts
        model={model}
        rows={[
          ...(m.cutoffMs !== undefined ? ([[t("facts.cutoff"), format.dateTime(new Date(m.cutoffMs), { dateStyle: "medium" })]] as Array<[string, string]>) : []),
          [t("facts.trainOffers"), offers(m.trainOffers, m.trainRedeemed)],
          [t("facts.heldOutOffers"), offers(m.heldOutOffers, m.heldOutRedeemed)],
          [t("facts.samples"), format.number(model.samples)],
        ]}
      />
    </Card>
  );
}

/** Earlier trainings of one model and their headline figure. */
export function TrainingHistory({ title, models, headline }: { title: string; models: readonly PersonalizationModelSummary[]; headline: { label: string; key: string; format: Figure["format"] } }) {
  const t = useTranslations("models.personalization");
  const format = useFormatter();
  const show = useFigureFormat();
  return (
    <Card className="min-w-0">
      <CardHeader title={title} />
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <TableHead
            columns={[
              { key: "trainedAt", label: t("facts.trainedAt") },
              { key: "samples", label: t("columns.samples"), numeric: true },
              { key: "headline", label: headline.label, numeric: true },
            ]}
          />
          <tbody className="divide-y divide-[var(--border)]">
            {models.map((m) => (
              <tr key={m.id}>
                <td className="tabular whitespace-nowrap px-3 py-2">{format.dateTime(m.trainedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                <td className="tabular px-3 py-2 text-end">{format.number(m.samples)}</td>
                <td className="tabular px-3 py-2 text-end">{show(m.metrics[headline.key], headline.format)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
