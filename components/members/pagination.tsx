import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonClass } from "@/components/ui/button";

/** Previous / next links; a missing href renders a disabled-looking label, not a link to nowhere. */
export function Pagination({ page, pageCount, previousHref, nextHref }: { page: number; pageCount: number; previousHref: string | null; nextHref: string | null }) {
  const t = useTranslations("common.pagination");
  // Muted but still legible (WCAG contrast holds); aria-disabled tells assistive technology why it does nothing.
  const disabled = "inline-flex items-center gap-2 rounded-md border border-dashed border-[var(--border)] px-3.5 py-2 text-sm text-[var(--text-muted)]";
  return (
    <nav aria-label={t("label")} className="flex items-center justify-between gap-3">
      {previousHref ? (
        <Link href={previousHref} rel="prev" className={buttonClass("secondary")}>
          <span aria-hidden="true" className="rtl:rotate-180">←</span>
          {t("previous")}
        </Link>
      ) : (
        <span aria-disabled="true" className={disabled}>
          <span aria-hidden="true" className="rtl:rotate-180">←</span>
          {t("previous")}
        </span>
      )}
      <p className="tabular text-sm text-[var(--text-muted)]">{t("pageOf", { page, pages: pageCount })}</p>
      {nextHref ? (
        <Link href={nextHref} rel="next" className={buttonClass("secondary")}>
          {t("next")}
          <span aria-hidden="true" className="rtl:rotate-180">→</span>
        </Link>
      ) : (
        <span aria-disabled="true" className={disabled}>
          {t("next")}
          <span aria-hidden="true" className="rtl:rotate-180">→</span>
        </span>
      )}
    </nav>
  );
}
