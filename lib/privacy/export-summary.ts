import { createTranslator } from "next-intl";
import type { Locale } from "@/lib/i18n/config";
import type { ConsentPurpose } from "@/db/schema/privacy";
import type { MemberData } from "./export";
import { DATA_CATEGORIES, PROCESSING_PURPOSES, type DataCategory, type DataSource, type ProcessingPurpose } from "./registry-types";

export interface HeldTable {
  key: string;
  rows: number;
  purposes: readonly ProcessingPurpose[];
  sources: readonly DataSource[];
  personalColumns: string[];
}

/** "What we hold and why": the member's data grouped by category and by purpose, with current consents. */
export interface HoldingsSummary {
  memberId: string;
  generatedAt: string;
  byCategory: Array<{ category: DataCategory; tables: HeldTable[] }>;
  byPurpose: Array<{ purpose: ProcessingPurpose; tables: string[] }>;
  consents: Array<{ purpose: ConsentPurpose; status: string | null; lawfulBasis: string | null; allowed: boolean; since: string | null }>;
}

export function holdingsSummary(data: MemberData): HoldingsSummary {
  const held: Array<HeldTable & { category: DataCategory }> = data.tables
    .filter((t) => t.spec.export.kind === "rows")
    .map((t) => ({
      key: t.spec.key,
      category: t.spec.category,
      rows: t.rows.length,
      purposes: t.spec.purposes,
      sources: t.spec.sources,
      personalColumns: Object.entries(t.spec.columns)
        .filter(([, c]) => c.personal)
        .map(([name]) => name),
    }));
  return {
    memberId: data.memberId,
    generatedAt: data.generatedAt.toISOString(),
    byCategory: DATA_CATEGORIES.map((category) => ({
      category,
      tables: held.filter((t) => t.category === category).map(({ category: _category, ...rest }) => rest),
    })).filter((g) => g.tables.length > 0),
    byPurpose: PROCESSING_PURPOSES.map((purpose) => ({ purpose, tables: held.filter((t) => t.purposes.includes(purpose)).map((t) => t.key) })).filter(
      (g) => g.tables.length > 0,
    ),
    consents: data.consents.map((c) => ({
      purpose: c.purpose,
      status: c.status,
      lawfulBasis: c.lawfulBasis,
      allowed: c.allowed,
      since: c.occurredAt?.toISOString() ?? null,
    })),
  };
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

async function privacyMessages(locale: Locale) {
  return (await import(`../../messages/${locale}/privacy.json`)).default as Record<string, unknown>;
}

/** The summary as plain text in the member's language. */
export async function summaryText(summary: HoldingsSummary, locale: Locale): Promise<string> {
  // Keys are built from registry values, which the catalogue test keeps complete in every language.
  const t = createTranslator({ locale, messages: { privacy: await privacyMessages(locale) }, namespace: "privacy" }) as unknown as Translate;
  const lines: string[] = [t("export.title"), "", t("export.intro", { date: summary.generatedAt.slice(0, 10) }), ""];
  lines.push(`## ${t("export.byCategory")}`);
  for (const group of summary.byCategory) {
    lines.push("", `### ${t(`categories.${group.category}.title`)}`, t(`categories.${group.category}.description`));
    for (const table of group.tables) {
      lines.push(
        "",
        `- ${t(`tables.${table.key}.title`)} (data/${table.key}.json, data/${table.key}.csv): ${t("export.rows", { count: table.rows })}`,
        `  ${t(`tables.${table.key}.description`)}`,
        `  ${t("export.why")}: ${table.purposes.map((p) => t(`purposes.${p}`)).join(", ")}`,
        `  ${t("export.from")}: ${table.sources.map((s) => t(`sources.${s}`)).join(", ")}`,
      );
    }
  }
  lines.push("", `## ${t("export.byPurpose")}`);
  for (const group of summary.byPurpose) {
    lines.push(`- ${t(`purposes.${group.purpose}`)}: ${group.tables.map((k) => t(`tables.${k}.title`)).join(", ")}`);
  }
  lines.push("", `## ${t("export.consents")}`);
  for (const c of summary.consents) {
    const state = c.allowed ? t("consent.allowed") : t("consent.notAllowed");
    const basis = c.lawfulBasis ? ` (${t(`bases.${c.lawfulBasis}`)})` : "";
    lines.push(`- ${t(`consentPurposes.${c.purpose}`)}: ${state}${basis}`);
  }
  return `${lines.join("\n")}\n`;
}
