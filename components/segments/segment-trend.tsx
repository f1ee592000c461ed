"use client";

import { useFormatter, useTranslations } from "next-intl";
import { TrendChart } from "@/components/charts/trend-chart";
import type { SnapshotPoint } from "@/db/queries/segments";
import { SEGMENT_COLOR, SEGMENT_COLOR_VARS } from "./colors";

/** A segment's size per daily snapshot. */
export function SegmentTrend({ points }: { points: readonly SnapshotPoint[] }) {
  const t = useTranslations("segments.page");
  const format = useFormatter();
  const day = (iso: string, style: "short" | "long") =>
    format.dateTime(new Date(`${iso}T00:00:00Z`), style === "short" ? { day: "numeric", month: "short", timeZone: "UTC" } : { dateStyle: "long", timeZone: "UTC" });
  const first = points[0];
  const last = points[points.length - 1];
  const description =
    first && last ? t("trendSummary", { from: day(first.day, "long"), to: day(last.day, "long"), start: format.number(first.size), end: format.number(last.size) }) : t("trendEmpty");
  return (
    <div className={SEGMENT_COLOR_VARS}>
      <TrendChart
        title={t("trendTitle")}
        description={description}
        tableCaption={t("trendTitle")}
        categoryHeader={t("day")}
        valueHeader={t("size")}
        points={points.map((p) => ({ key: p.day, label: day(p.day, "short"), fullLabel: day(p.day, "long"), value: p.size }))}
        format={{ kind: "number" }}
        color={SEGMENT_COLOR}
      />
    </div>
  );
}
