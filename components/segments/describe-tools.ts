import "server-only";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ConditionLabels } from "@/db/queries/segments-of-member";
import { formatMoney } from "@/lib/i18n/format";
import type { DescribeTools } from "@/lib/segments/describe";

/** What describeCondition needs on a server page: the `segments` messages, the locale's formats, names of stores, categories and segments. */
export async function serverDescribeTools(labels: ConditionLabels, currency: string): Promise<DescribeTools> {
  const [t, format, locale] = await Promise.all([getTranslations("segments"), getFormatter(), getLocale()]);
  return {
    t: (key, values) => t(key as never, values as never),
    number: (n) => format.number(n, { maximumFractionDigits: 2 }),
    percent: (share) => format.number(share, { style: "percent", maximumFractionDigits: 1 }),
    money: (minor) => formatMoney(locale, minor, currency),
    day: (iso) => format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }),
    storeName: (id) => labels.stores[id] ?? id,
    categoryName: (code) => labels.categories[code] ?? code,
    segmentName: (id) => labels.segments[id] ?? t("unknownSegment"),
  };
}
