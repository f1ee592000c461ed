import { createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/i18n/config";
import type { ReasonTranslate } from "./reason-text";

const loaded = new Map<Locale, ReasonTranslate>();

/**
 * The `personalization` messages of one language, for code without a request locale (the public API answers
 * in the member's language). Keys are built from reason codes, which the catalogue test keeps complete in
 * every language; one translator per language and process.
 */
export async function personalizationTranslator(locale: Locale): Promise<ReasonTranslate> {
  const known = loaded.get(locale);
  if (known) return known;
  const messages = (await import(`../../messages/${locale}/personalization.json`)).default as Record<string, unknown>;
  const t = createTranslator({ locale, messages: { personalization: messages }, namespace: "personalization" }) as unknown as ReasonTranslate;
  loaded.set(locale, t);
  return t;
}
