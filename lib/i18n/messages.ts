import type { Locale } from "./config";

/**
 * Message catalogues live in messages/<locale>/<namespace>.json, one file per feature, so features can be
 * translated (and reviewed) independently. Add a namespace here when you add its files.
 */
export const NAMESPACES = ["common", "auth", "overview", "members", "segments-ai", "privacy", "audit", "staff", "api", "import", "churn", "segments", "loyalty", "campaigns", "models", "personalization"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type Messages = Record<string, unknown>;

export async function loadMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => [ns, (await import(`../../messages/${locale}/${ns}.json`)).default] as const),
  );
  return Object.fromEntries(entries);
}
