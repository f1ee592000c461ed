import Link from "next/link";
import { useTranslations } from "next-intl";

/** "← Segments" (or the named page) above a segment page's title. */
export function BackLink({ href, label }: { href: string; label?: string }) {
  const t = useTranslations("segments.list");
  return (
    <Link href={href} className="mb-2 inline-flex items-center gap-1 text-sm text-[var(--text-muted)] hover:text-[var(--text)]">
      <span aria-hidden="true" className="rtl:rotate-180">
        ←
      </span>
      {label ?? t("title")}
    </Link>
  );
}
