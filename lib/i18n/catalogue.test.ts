import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { directionOf, LOCALES, negotiateLocale } from "./config";
import { NAMESPACES } from "./messages";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

/** The argument names an ICU message uses ({name}, {count, plural, ...}), nested branches included. */
function argumentNames(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ("value" in element && element.type !== TYPE.literal && typeof element.value === "string") into.add(element.value);
    if ("options" in element) for (const option of Object.values(element.options)) argumentNames(option.value, into);
    if ("children" in element) argumentNames(element.children, into);
  }
  return into;
}

function placeholders(text: string): string[] {
  return [...argumentNames(parse(text))].sort();
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
