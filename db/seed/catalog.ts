import { Random, WeightedTable } from "./random";
import { taggedCode } from "./stores";

export const CATEGORY_CODES = [
  "coffee",
  "tea",
  "bakery",
  "books",
  "stationery",
  "home",
  "beauty",
  "toys",
  "electronics_accessories",
  "sports",
  "gifts",
  "seasonal",
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

interface CategorySpec {
  name: string;
  skuPrefix: string;
  /** Median shelf price in EUR; prices spread lognormally around it. */
  medianPrice: number;
  priceSigma: number;
  /** Demand multiplier per calendar month (Jan..Dec): gifts and seasonal goods peak before Christmas. */
  months?: readonly number[];
  qualifiers: readonly string[];
  nouns: readonly string[];
}

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;

const CATEGORY_SPECS: Record<CategoryCode, CategorySpec> = {
  coffee: {
    name: "Coffee",
    skuPrefix: "COF",
    medianPrice: 4.9,
    priceSigma: 0.55,
    qualifiers: ["House", "Ethiopia Yirgacheffe", "Colombia Huila", "Brazil Santos", "Dark Roast", "Decaf", "Oat"],
    nouns: ["Espresso", "Flat White", "Filter Coffee", "Cold Brew", "Whole Beans 250 g", "Ground Coffee 500 g"],
  },
  tea: {
    name: "Tea",
    skuPrefix: "TEA",
    medianPrice: 6.5,
    priceSigma: 0.5,
    months: [1.3, 1.25, 1.1, 1, 0.9, 0.8, 0.75, 0.75, 0.95, 1.1, 1.25, 1.35],
    qualifiers: ["Darjeeling", "Sencha", "Rooibos", "Earl Grey", "Chai", "Peppermint", "Jasmine"],
    nouns: ["Loose Leaf 100 g", "Tea Bags x20", "Latte", "Iced Tea", "Gift Tin", "Sampler"],
  },
  bakery: {
    name: "Bakery",
    skuPrefix: "BAK",
    medianPrice: 3.2,
    priceSigma: 0.4,
    qualifiers: ["Butter", "Almond", "Cinnamon", "Cardamom", "Chocolate", "Sourdough", "Vegan"],
    nouns: ["Croissant", "Bun", "Muffin", "Cookie", "Loaf", "Cake Slice"],
  },
  books: {
    name: "Books",
    skuPrefix: "BOK",
    medianPrice: 16,
    priceSigma: 0.35,
    qualifiers: ["Nordic", "Illustrated", "Pocket", "Hardcover", "Bestseller", "Travel", "Kids'"],
    nouns: ["Crime Novel", "Cookbook", "City Guide", "Poetry", "Biography", "Picture Book"],
  },
  stationery: {
    name: "Stationery",
    skuPrefix: "STA",
    medianPrice: 6,
    priceSigma: 0.6,
    qualifiers: ["Dotted", "Linen", "Recycled", "A5", "Pastel", "Leather", "Pocket"],
    nouns: ["Notebook", "Pen Set", "Planner", "Greeting Card", "Washi Tape", "Sketchbook"],
  },
  home: {
    name: "Home",
    skuPrefix: "HOM",
    medianPrice: 24,
    priceSigma: 0.6,
    qualifiers: ["Stoneware", "Linen", "Oak", "Glass", "Enamel", "Wool", "Ceramic"],
    nouns: ["Mug", "Pour-Over Set", "Candle", "Throw", "Serving Board", "Vase"],
  },
  beauty: {
    name: "Beauty",
    skuPrefix: "BEA",
    medianPrice: 14,
    priceSigma: 0.5,
    qualifiers: ["Coffee Scrub", "Lavender", "Sea Buckthorn", "Unscented", "Citrus", "Rose", "Birch"],
    nouns: ["Hand Cream", "Soap Bar", "Lip Balm", "Body Oil", "Face Mask", "Bath Salt"],
  },
  toys: {
    name: "Toys",
    skuPrefix: "TOY",
    medianPrice: 19,
    priceSigma: 0.6,
    qualifiers: ["Wooden", "Plush", "Puzzle", "Magnetic", "Rainbow", "Mini", "Classic"],
    nouns: ["Train", "Bear", "Blocks", "Card Game", "Kite", "Board Game"],
  },
  electronics_accessories: {
    name: "Electronics accessories",
    skuPrefix: "ELA",
    medianPrice: 25,
    priceSigma: 0.6,
    qualifiers: ["USB-C", "Wireless", "Braided", "Compact", "Fast-Charge", "Travel", "Magnetic"],
    nouns: ["Cable", "Charger", "Earbuds", "Power Bank", "Phone Case", "Stand"],
  },
  sports: {
    name: "Sports",
    skuPrefix: "SPO",
    medianPrice: 29,
    priceSigma: 0.55,
    months: [1.2, 1, 1.05, 1.1, 1.15, 1.2, 1.1, 1.05, 1, 0.9, 0.85, 0.8],
    qualifiers: ["Insulated", "Merino", "Trail", "Yoga", "Cycling", "Running", "Light"],
    nouns: ["Bottle", "Socks", "Cap", "Mat", "Gloves", "Headband"],
  },
  gifts: {
    name: "Gifts",
    skuPrefix: "GIF",
    medianPrice: 22,
    priceSigma: 0.55,
    months: [0.6, 0.9, 0.8, 0.8, 1, 0.8, 0.7, 0.7, 0.8, 0.9, 1.5, 3],
    qualifiers: ["Deluxe", "Tasting", "Barista", "Tea Lover's", "Reading", "Spa", "Mini"],
    nouns: ["Gift Box", "Gift Card Set", "Hamper", "Advent Set", "Bundle", "Sampler"],
  },
  seasonal: {
    name: "Seasonal",
    skuPrefix: "SEA",
    medianPrice: 12,
    priceSigma: 0.5,
    months: [0.3, 0.4, 0.7, 0.9, 0.6, 0.7, 0.8, 0.6, 0.7, 1.2, 2.5, 4],
    qualifiers: ["Winter", "Gingerbread", "Saffron", "Midsummer", "Easter", "Pumpkin", "Star"],
    nouns: ["Blend", "Cookies", "Ornament", "Candle", "Calendar", "Mug"],
  },
};

export interface CategoryRow {
  id: string;
  code: string;
  name: string;
}

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  categoryId: string;
  priceMinor: number;
}

export interface Catalog {
  categories: CategoryRow[];
  products: ProductRow[];
  /** Per category index (in CATEGORY_CODES order): its products with popularity weights. */
  shelves: WeightedTable<ProductRow>[];
  /**
   * Per category index and style (a qualifier: "Decaf", "Earl Grey", "Wooden"): that style's products, with
   * the same popularity weights. A member's favourite style per category draws from here (purchases.ts).
   */
  styleShelves: WeightedTable<ProductRow>[][];
  /** monthDemand[month][category]: how much more or less a category sells in that calendar month. */
  monthDemand: number[][];
}

// 7 qualifiers x 6 nouns = 42 products per category, 504 in all; product i has style (qualifier) i / 6.
export const STYLES_PER_CATEGORY = 7;
const PRODUCTS_PER_STYLE = 6;
function productNames(spec: CategorySpec): string[] {
  return spec.qualifiers.flatMap((qualifier) => spec.nouns.map((noun) => `${qualifier} ${noun}`));
}

/** Charm pricing: shelf prices end in .49 or .99 like a real price list. */
function shelfPriceMinor(euros: number): number {
  const half = Math.max(1, Math.round(euros * 2));
  return half * 50 - 1;
}

/** Builds the catalog; `ids` supplies the row ids, `random` the prices and popularity. */
export function buildCatalog(random: Random, ids: Random, tag: string | undefined): Catalog {
  const categories: CategoryRow[] = [];
  const products: ProductRow[] = [];
  const shelves: WeightedTable<ProductRow>[] = [];
  const styleShelves: WeightedTable<ProductRow>[][] = [];
  for (const code of CATEGORY_CODES) {
    const spec = CATEGORY_SPECS[code];
    const category: CategoryRow = { id: ids.uuid(), code: taggedCode(tag, code), name: spec.name };
    categories.push(category);
    const shelf = productNames(spec).map((name, i) => ({
      id: ids.uuid(),
      sku: taggedCode(tag, `${spec.skuPrefix}-${String(i + 1).padStart(4, "0")}`),
      name,
      categoryId: category.id,
      priceMinor: shelfPriceMinor(random.lognormal(spec.medianPrice, spec.priceSigma)),
    }));
    products.push(...shelf);
    // Zipf-like popularity in a shuffled order: a few best-sellers and a long tail in every category.
    const ranks = shelf.map((_, i) => ({ i, key: random.uniform() }));
    ranks.sort((a, b) => a.key - b.key);
    const weights = new Array<number>(shelf.length).fill(0);
    ranks.forEach((entry, rank) => (weights[entry.i] = 1 / Math.pow(rank + 1, 0.9)));
    shelves.push(new WeightedTable(shelf, weights));
    styleShelves.push(
      Array.from({ length: STYLES_PER_CATEGORY }, (_, style) => {
        const first = style * PRODUCTS_PER_STYLE;
        return new WeightedTable(shelf.slice(first, first + PRODUCTS_PER_STYLE), weights.slice(first, first + PRODUCTS_PER_STYLE));
      }),
    );
  }
  const monthDemand = FLAT.map((_, month) => CATEGORY_CODES.map((code) => (CATEGORY_SPECS[code].months ?? FLAT)[month] ?? 1));
  return { categories, products, shelves, styleShelves, monthDemand };
}
