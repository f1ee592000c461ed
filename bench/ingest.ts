import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { Random } from "../db/seed/random";
import { runClosedLoop, type LoadResult } from "./load";

/**
 * Ingestion through the public API, as a till or a shop would send it: single receipts from `clients`
 * concurrent callers, then batches of 1,000. Each receipt names a random known member, a random store, 1-4
 * random catalogue lines and a purchase time up to 2 s before it is sent (a till sends a receipt right
 * after the sale; until 2026-11-23 the bench stamped them anywhere in the last hour, so that a member's
 * later receipt often arrived first and had to be relinked: docs/benchmarks.md); receipt numbers are new
 * per run, so nothing replays. The key is made directly in the database (the bench has no browser) with a rate limit above
 * anything the run can reach.
 */

export interface IngestFixtures {
  token: string;
  members: string[];
  stores: string[];
  products: { sku: string; category: string; priceMinor: number }[];
  currency: string;
}

export async function ingestFixtures(databaseUrl: string): Promise<IngestFixtures> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [program] = await sql<{ currency: string }[]>`select currency from program_settings limit 1`;
    if (!program) throw new Error("the bench database has no program");
    const members = (await sql<{ external_id: string }[]>`
      select external_id from members where status = 'active' and external_id is not null order by random() limit 20000`).map((r) => r.external_id);
    const stores = (await sql<{ code: string }[]>`select code from stores where kind = 'physical' and currency = ${program.currency} order by code`).map((r) => r.code);
    const products = (await sql<{ sku: string; category: string; price_minor: number }[]>`
      select p.sku, c.code as category, p.price_minor::int as price_minor from products p join categories c on c.id = p.category_id order by p.sku limit 500`).map((r) => ({
      sku: r.sku,
      category: r.category,
      priceMinor: r.price_minor,
    }));
    if (members.length === 0 || stores.length === 0 || products.length === 0) throw new Error("the bench database holds no members, stores or products");
    const { benchApiKey } = await import("./api-key");
    const { openDatabase } = await import("../db/client");
    const { seedLivingProgram } = await import("../db/seed/program");
    const handle = await openDatabase({ url: databaseUrl });
    try {
      // A bench database generated before loyalty was part of the seed gets it now: rules, tiers, rewards and
      // the history's points, so members arrive with their balances and tiers as in a running program.
      const living = await seedLivingProgram(handle.db, { seed: 1, now: new Date() });
      console.log(`loyalty program ready (configured now: ${living.configured}; history credited and consents seeded where missing) in ${(living.elapsedMs / 1000).toFixed(1)} s`);
      // Crediting the history queued every member for a feature refresh; one set-based rebuild instead of the
      // queue job working through them while the measurement runs.
      if (living.points.receipts > 0) {
        const { rebuildMemberFeatures } = await import("../db/queries/features/refresh");
        await rebuildMemberFeatures(handle.db, new Date());
      }
      const token = await benchApiKey(handle.db, { name: "bench", channels: ["pos", "online", "app", "social"] });
      return { token, members, stores, products, currency: program.currency };
    } finally {
      await handle.close();
    }
  } finally {
    await sql.end();
  }
}

export function receiptMaker(f: IngestFixtures, seed: number) {
  const rnd = new Random([seed]);
  const run = randomUUID().slice(0, 8);
  let n = 0;
  return () => {
    const lines = Array.from({ length: rnd.int(1, 4) }, () => {
      const product = rnd.pick(f.products);
      const quantity = rnd.int(1, 2);
      return { sku: product.sku, category: product.category, quantity, amount: ((product.priceMinor * quantity) / 100).toFixed(2) };
    });
    return {
      externalId: `bench-${run}-${++n}`,
      memberExternalId: rnd.pick(f.members),
      storeCode: rnd.pick(f.stores),
      channel: "pos",
      occurredAt: new Date(Date.now() - rnd.int(0, 1_999)).toISOString(),
      currency: f.currency,
      lines,
    };
  };
}

async function post(baseUrl: string, token: string, path: string, body: unknown, expect: number[]): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!expect.includes(response.status)) {
    console.error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return false;
  }
  return true;
}

export async function singleReceipts(baseUrl: string, f: IngestFixtures, options: { clients: number; total: number }): Promise<LoadResult> {
  const next = receiptMaker(f, 7);
  // Warm-up: compile the route, fill the connection pool and the prepared statements.
  await runClosedLoop({ clients: options.clients, total: options.clients * 4, send: () => post(baseUrl, f.token, "/transactions", next(), [201]) });
  return runClosedLoop({ clients: options.clients, total: options.total, send: () => post(baseUrl, f.token, "/transactions", next(), [201]) });
}

export async function batches(baseUrl: string, f: IngestFixtures, options: { clients: number; batches: number; size: number }): Promise<LoadResult & { receiptsPerSecond: number }> {
  const next = receiptMaker(f, 11);
  const batch = () => ({ receipts: Array.from({ length: options.size }, next) });
  await post(baseUrl, f.token, "/transactions/batch", batch(), [200, 201]);
  const result = await runClosedLoop({ clients: options.clients, total: options.batches, send: () => post(baseUrl, f.token, "/transactions/batch", batch(), [200, 201]) });
  return { ...result, receiptsPerSecond: (result.requests * options.size) / (result.elapsedMs / 1000) };
}
