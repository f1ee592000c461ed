"use client";

import { useFormatter, useTranslations } from "next-intl";
import { saveRfmSegmentAction } from "@/app/(app)/segments/rfm/actions";
import { RFM_SEGMENTS, type RfmSegment } from "@/lib/models/rfm";
import { SaveAsSegment } from "./save-as-segment";

/** The named RFM segments with their sizes, each savable as a segment (segments:manage). */
export function RfmSegmentList({ sizes, scored, canSave, day }: { sizes: Record<RfmSegment, number>; scored: number; canSave: boolean; day: string }) {
  const t = useTranslations("segments.rfm");
  const tAi = useTranslations("segments-ai.rfm.segments");
  const format = useFormatter();
  return (
    <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
      {RFM_SEGMENTS.map((segment) => (
        <li key={segment} className="flex flex-col gap-2 rounded-lg border border-[var(--border)] p-4" data-testid="rfm-segment" data-rfm-segment={segment}>
          <div className="flex items-baseline justify-between gap-2">
            <h3 className="font-medium">{tAi(`${segment}.name`)}</h3>
            <span className="tabular text-sm font-semibold" data-size={sizes[segment]}>
              {format.number(sizes[segment])}
            </span>
          </div>
          <p className="text-sm text-[var(--text-muted)]">{tAi(`${segment}.description`)}</p>
          <p className="tabular text-xs text-[var(--text-muted)]">{t("share", { share: scored > 0 ? sizes[segment] / scored : 0 })}</p>
          {canSave ? (
            <div className="mt-auto">
              <SaveAsSegment
                defaultName={t("defaultName", { name: tAi(`${segment}.name`), day })}
                disabled={sizes[segment] === 0}
                save={(name) => saveRfmSegmentAction({ segment, name, description: t("savedDescription", { day }) })}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
