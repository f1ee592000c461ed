import { getFormatter, getTranslations } from "next-intl/server";
import type { ComponentProps } from "react";
import { LineChart } from "@/components/charts/line-chart";
import { Card, CardHeader } from "@/components/ui/card";
import type { StoredEvaluation } from "@/db/schema";
import { orderedEvaluations } from "./model-figures";

const COLORS: Record<string, string> = { gbt: "var(--model-gbt)", logistic: "var(--model-logistic)", btyd: "var(--model-btyd)", rfm: "var(--model-rfm)" };

export const MODEL_COLOR_VARS =
  "[--model-gbt:#2563eb] [--model-logistic:#9333ea] [--model-btyd:#0d9488] [--model-rfm:#d97706] [--model-ref:#64748b] " +
  "dark:[--model-gbt:#60a5fa] dark:[--model-logistic:#c084fc] dark:[--model-btyd:#2dd4bf] dark:[--model-rfm:#fbbf24] dark:[--model-ref:#94a3b8]";

/** A line chart in a card, titled and described once for both (the chart's name and its data table). */
function ChartCard({ title, description, ...chart }: Omit<ComponentProps<typeof LineChart>, "tableCaption"> & { tableCaption?: never }) {
  return (
    <Card className="min-w-0">
      <CardHeader title={title} description={description} />
      <LineChart title={title} description={description} tableCaption={title} {...chart} />
    </Card>
  );
}

/** Calibration by decile of predicted churn probability: mean predicted beside observed churn rate, for the GBT. */
export async function CalibrationChart({ evaluation }: { evaluation: StoredEvaluation }) {
  const [t, format] = await Promise.all([getTranslations("churn.model"), getFormatter()]);
  const percent = (x: number) => format.number(x, { style: "percent", maximumFractionDigits: 0 });
  return (
    <ChartCard
      testId="calibration-chart"
      title={t("calibrationTitle")}
      description={t("calibrationDescription")}
      categoryHeader={t("decile")}
      series={[
        { key: "predicted", label: t("meanPredicted"), color: "var(--model-ref)", dashed: true },
        { key: "observed", label: t("observedRate"), color: COLORS.gbt! },
      ]}
      rows={(evaluation.calibration ?? []).map((bin, i) => ({
        key: String(i),
        label: format.number(i + 1),
        fullLabel: t("decileOf", { decile: i + 1, from: percent(bin.minPredicted), to: percent(bin.maxPredicted) }),
        values: { predicted: bin.meanPredicted, observed: bin.observedRate },
      }))}
      format={{ kind: "percent" }}
      domain={[0, 1]}
    />
  );
}

/** Cumulative lift: the churn rate among the top 10%, 20%, ... of members by score over the overall rate, per model. */
export async function LiftChart({ evaluations }: { evaluations: readonly StoredEvaluation[] }) {
  const [t, format] = await Promise.all([getTranslations("churn.model"), getFormatter()]);
  const models = orderedEvaluations(evaluations).filter((e) => e.liftCurve.length > 0);
  const points = models[0]?.liftCurve.length ?? 0;
  return (
    <ChartCard
      testId="lift-chart"
      title={t("liftTitle")}
      description={t("liftDescription")}
      categoryHeader={t("topShare")}
      series={models.map((e) => ({ key: e.name, label: t(`models.${e.name}`), color: COLORS[e.name] ?? "var(--model-ref)" }))}
      rows={Array.from({ length: points }, (_, k) => {
        const share = format.number((k + 1) / points, { style: "percent", maximumFractionDigits: 0 });
        return { key: String(k), label: share, fullLabel: t("topOf", { share }), values: Object.fromEntries(models.map((e) => [e.name, e.liftCurve[k] ?? 0])) };
      })}
      format={{ kind: "decimal", digits: 2 }}
    />
  );
}
