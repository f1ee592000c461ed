import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseForTests } from "@/db";
import type { DbHandle } from "@/db/client";
import { trainRecommendations } from "@/db/queries/recommendations-train";
import type { MemberOffersResponse } from "@/lib/api/schemas/personalization";
import { apiRequest, makeApiKey, routeParams, type ErrorBody, type TestKey } from "@/test/api";
import { grantConsent } from "@/test/campaigns";
import { openPrivateDatabase } from "@/test/db";
import { coffeeDrinkers, makePersonalizationWorld, makeWorldReward, type PersonalizationWorld } from "@/test/personalization";
import { GET } from "./[externalId]/offers/route";

// The route reads the clock: receipts are placed before today, so the member's history ends now.
const NOW = new Date();

let handle: DbHandle;
let world: PersonalizationWorld;
let ada: { id: string; externalId: string };
let key: TestKey;
let dispose: () => Promise<void>;

beforeAll(async () => {
  // A database of its own: the served models are the newest program-wide (product_neighbours is rewritten whole
  // by each training), and on a shared PostgreSQL db/queries/member-offers.test.ts trains its own meanwhile.
  ({ handle, dispose } = await openPrivateDatabase());
  setDatabaseForTests(handle);
  world = await makePersonalizationWorld(handle.db, NOW);
  ({ ada } = await coffeeDrinkers(world, 30));
  await makeWorldReward(handle.db, world, "20% off tea", { categoryId: world.categories.tea, cost: 100 });
  await trainRecommendations(handle.db, { now: NOW, evaluate: false });
  key = await makeApiKey(handle.db, { channels: ["pos"], programId: world.fixture.programId });
}, 300_000);
afterAll(async () => dispose?.());

const get = (externalId: string, query = "", token: string | null = key.token) =>
  GET(apiRequest(`/members/${encodeURIComponent(externalId)}/offers${query}`, { token }), routeParams({ externalId }));

describe("GET /api/v1/members/{externalId}/offers", () => {
  it("answers the next best offer with its reason in the asked language, and products with theirs", async () => {
    const response = await get(ada.externalId, "?locale=de&products=3");
    expect(response.status).toBe(200);
    const body = (await response.json()) as MemberOffersResponse;
    expect(body).toMatchObject({ memberId: ada.id, externalId: ada.externalId, locale: "de", personalized: true, capped: false, currency: "EUR" });
    expect(body.offers.map((o) => [o.name, o.reason.code, o.reason.text])).toEqual([
      [`20% off tea ${world.tag}`, "never_tried", `Kauft Coffee ${world.tag} jede Woche, hat Tea ${world.tag} nie probiert: 20% off tea ${world.tag}`],
    ]);
    expect(body.recommendations.length).toBeLessThanOrEqual(3);
    expect(body.recommendations[0]).toMatchObject({
      productId: world.products.greenTea,
      reason: { code: "bought_with", text: `Hat ${world.productName(world.products.flatWhite)} gekauft`, productId: world.products.flatWhite },
    });
  });

  it("speaks the member's language by default (none on file: English)", async () => {
    const body = (await (await get(ada.externalId)).json()) as MemberOffersResponse;
    expect(body.locale).toBe("en");
    expect(body.offers[0]!.reason.text).toBe(`Buys Coffee ${world.tag} every week, never tried Tea ${world.tag}: 20% off tea ${world.tag}`);
  });

  it("chooses nothing for a member who objected to profiling", async () => {
    const objector = await world.member([[7, ["flatWhite"]], [14, ["flatWhite"]]]);
    await grantConsent(handle.db, [objector.id], "personalization", "withdrawn");
    const body = (await (await get(objector.externalId)).json()) as MemberOffersResponse;
    expect(body).toMatchObject({ personalized: false, offers: [], recommendations: [] });
  });

  it("answers 404 for an unknown member and an erased one, 403 for a key without pos, app or online, 400 for a bad locale", async () => {
    expect((await get("no-such-member")).status).toBe(404);
    const erased = await world.fixture.makeMember({ status: "erased" });
    expect((await get(erased.externalId)).status).toBe(404);
    const social = await makeApiKey(handle.db, { channels: ["social"] });
    expect((await get(ada.externalId, "", social.token)).status).toBe(403);
    const bad = await get(ada.externalId, "?locale=fr");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.fieldErrors).toHaveProperty("locale");
  });
});
