import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { directionOf, LOCALES, negotiateLocale } from "./config";
import { NAMESPACES } from "./messages";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)/g)].map((m) => m[1] ?? "").sort();
}

function load(locale: string, ns: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(process.cwd(), "messages", locale, `${ns}.json`), "utf8"));
}

function lookup(messages: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], messages);
}

describe("message catalogues", () => {
  for (const ns of NAMESPACES) {
    const english = load("en", ns);
    const englishKeys = keysOf(english).filter(Boolean).sort();
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      it(`${locale}/${ns}.json has exactly the English keys, each non-empty with the same placeholders`, () => {
        const messages = load(locale, ns);
        expect(keysOf(messages).filter(Boolean).sort()).toEqual(englishKeys);
        for (const key of englishKeys) {
          const text = lookup(messages, key);
          expect(typeof text === "string" && text.trim().length > 0, `${locale} ${ns}.${key}`).toBe(true);
          expect(placeholders(String(text)), `${locale} ${ns}.${key}`).toEqual(placeholders(String(lookup(english, key))));
        }
      });
    }
  }
});

describe("locale", () => {
  it("renders Arabic right to left and the others left to right", () => {
    expect(directionOf("ar")).toBe("rtl");
    for (const l of LOCALES.filter((x) => x !== "ar")) expect(directionOf(l)).toBe("ltr");
  });

  it("picks the best supported language from Accept-Language", () => {
    expect(negotiateLocale("fr-FR,fr;q=0.9,sv;q=0.8,en;q=0.5")).toBe("sv");
    expect(negotiateLocale("ar-AE")).toBe("ar");
    expect(negotiateLocale("ja")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
  });
});
