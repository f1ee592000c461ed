"use client";

import { useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { SegmentProfileView, SizeFigures } from "../segment-profile";
import { RuleRefused, type useLiveSize } from "./use-builder-data";

/** The live size while editing: count, shares, and the profile against all members. */
export function LiveSizePanel({ live, hasRule, currency, unplaced }: { live: ReturnType<typeof useLiveSize>; hasRule: boolean; currency: string; unplaced: string[] }) {
  const t = useTranslations("segments.builder.live");
  const refused = live.error instanceof RuleRefused;
  const busy = live.settling || live.isPlaceholderData || live.isFetching;
  const state = !hasRule ? "empty" : live.isError && !live.settling ? "error" : live.data && !busy ? "ready" : "loading";
  return (
    <Card aria-labelledby="live-size-title" data-testid="live-size" data-state={state} className="lg:sticky lg:top-4">
      <CardHeader title={<span id="live-size-title">{t("title")}</span>} description={t("description")} />
      <div aria-live="polite" className="space-y-4">
        {!hasRule ? <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p> : null}
        {hasRule && live.isError ? (
          <div role="alert" className="text-sm text-red-700 dark:text-red-400">
            <p>{refused ? t("refused") : t("failed")}</p>
            {unplaced.length > 0 ? (
              <ul className="mt-1 list-disc ps-5">
                {unplaced.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {hasRule && !live.data && live.isFetching ? <p className="text-sm text-[var(--text-muted)]">{t("counting")}</p> : null}
        {hasRule && live.data && !live.isError ? (
          <>
            <div className={busy ? "opacity-60 transition-opacity" : undefined}>
              <SizeFigures size={live.data.size} currency={currency} />
            </div>
            {busy ? <p className="text-xs text-[var(--text-muted)]">{t("updating")}</p> : null}
            {live.data.profile ? <SegmentProfileView profile={live.data.profile} currency={currency} compact /> : null}
          </>
        ) : null}
      </div>
    </Card>
  );
}
