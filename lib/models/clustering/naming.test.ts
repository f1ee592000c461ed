import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/config";
import { categoryFeatures, STYLE_FEATURES } from "./features";
import { nameClusters, renderClusterName, type NamedFeature } from "./naming";

const feature = (key: string, family: string, high: string | null, low: string | null): NamedFeature => ({
  key,
  family,
  high: high === null ? null : { key: high },
  low: low === null ? null : { key: low },
});

const FEATURES = [
  feature("weekendShare", "timing", "weekend", "weekday"),
  feature("posShare", "channel", "inStore", null),
  feature("onlineShare", "channel", "online", null),
  feature("averageBasket", "basket", "bigBaskets", "smallBaskets"),
  feature("recencyDays", "recency", "lapsing", "recent"),
];

const keysOf = (z: number[]) => nameClusters(Float64Array.from(z), FEATURES).map((n) => n.traits.map((t) => t.key));

describe("cluster names", () => {
  it("take the 3 features furthest from the mean, most distinctive first: z (1.5, -1.2, 2.0, 1.1, 0.3) is Online · Weekend · Big baskets", () => {
    const [name] = nameClusters(Float64Array.from([1.5, -1.2, 2.0, 1.1, 0.3]), FEATURES);
    expect(name?.key).toBe("name.three");
    expect(name?.traits.map((t) => [t.key, t.feature, t.z])).toEqual([
      ["online", "onlineShare", 2.0],
      ["weekend", "weekendShare", 1.5],
      ["bigBaskets", "averageBasket", 1.1],
    ]);
  });

  it("use the low side's trait for negative z, skip a side without one, and keep one trait per family", () => {
    // posShare -2.5 has no low trait; onlineShare 0.9 and posShare share the channel family.
    expect(keysOf([0, -2.5, 0.9, -0.8, 1.6])).toEqual([["lapsing", "online", "smallBaskets"]]);
    expect(keysOf([0, 2.5, 0.9, 0, 0])).toEqual([["inStore"]]);
  });

  it("ignore features within 0.5 sd of the mean: a cluster close to all members is 'Typical members'", () => {
    const [name] = nameClusters(Float64Array.from([0.4, -0.3, 0.49, 0.1, -0.2]), FEATURES);
    expect(name).toEqual({ key: "name.typical", traits: [] });
  });

  it("add a trait to tell apart clusters whose names collide, then number the ones still alike", () => {
    const z = [
      [2, 1.5, 0, 1.2, 1], // Weekend · In-store, then Big baskets
      [2, 1.5, 0, -1.2, 0.8], // Weekend · In-store, then Small baskets
      [0, 0, 1.2, 0, -0.9], // Online · Recently active, nothing more
      [0, 0, 1.2, 0, -0.9],
    ].flat();
    const names = nameClusters(Float64Array.from(z), FEATURES, { maxTraits: 2 });
    expect(names.map((n) => n.traits.map((t) => t.key))).toEqual([
      ["weekend", "inStore", "bigBaskets"],
      ["weekend", "inStore", "smallBaskets"],
      ["online", "recent"],
      ["online", "recent"],
    ]);
    expect(names.map((n) => n.ordinal)).toEqual([undefined, undefined, 1, 2]);
  });
});

describe("cluster names in every language", () => {
  const catalogue = (locale: string) => JSON.parse(readFileSync(path.join(process.cwd(), "messages", locale, "segments-ai.json"), "utf8"));
  const features = [...STYLE_FEATURES, ...categoryFeatures([{ code: "coffee", name: "Coffee" }])];
  // Weekend, online, big baskets, then a love of coffee; a second cluster identical to it; a typical one.
  const z = new Float64Array(3 * features.length);
  const at = (key: string) => features.findIndex((f) => f.key === key);
  for (const c of [0, 1]) {
    z[c * features.length + at("onlineShare")] = 2.1;
    z[c * features.length + at("weekendShare")] = 1.8;
    z[c * features.length + at("averageBasketMinor")] = 1.4;
    z[c * features.length + at("category:coffee")] = 1.2;
  }
  const names = nameClusters(z, features);

  it("reads 'Online · Weekend · Big baskets · Coffee lovers (1)' and 'Typical members' in English", () => {
    const t = createTranslator({ locale: "en", messages: catalogue("en") });
    expect(names.map((n) => renderClusterName(n, t))).toEqual([
      "Online · Weekend · Big baskets · Coffee lovers (1)",
      "Online · Weekend · Big baskets · Coffee lovers (2)",
      "Typical members",
    ]);
  });

  for (const locale of LOCALES) {
    it(`renders every trait, feature label and pattern in ${locale} without a missing message`, () => {
      const errors: string[] = [];
      const t = createTranslator({ locale, messages: catalogue(locale), onError: (e) => errors.push(e.message) });
      const rendered = names.map((n) => renderClusterName(n, t));
      for (const f of features) {
        for (const side of [f.high, f.low]) if (side) rendered.push(t(`traits.${side.key}`, side.params));
        rendered.push(t(`features.${f.label.key}`, f.label.params));
      }
      expect(errors).toEqual([]);
      expect(rendered.every((text) => text.trim().length > 0 && !text.includes("{"))).toBe(true);
      expect(rendered.filter((text) => text.includes("Coffee")).length).toBeGreaterThanOrEqual(3);
    });
  }
});
