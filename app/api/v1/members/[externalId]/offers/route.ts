import { answerMemberOffers } from "@/lib/api/member-offers";
import { apiRoute } from "@/lib/api/route";
import { memberOffersParamsSchema, memberOffersQuerySchema, memberOffersSchema } from "@/lib/api/schemas/personalization";

export const GET = apiRoute({
  method: "GET",
  path: "/members/{externalId}/offers",
  tag: "Personalization",
  summary: "A member's next best offers and product recommendations",
  description:
    "What a till or the app shows a member: up to `offers` rewards ranked by expected incremental value (propensity × value − " +
    "propensity × cost), each with its reason in plain words, and up to `products` products that go with what the member " +
    "bought. A member who objected to profiling gets none (`personalized: false`); one at the offer frequency cap gets no " +
    "offer (`capped: true`). `channels` lists where the member consented to receive marketing. As for GET " +
    "/members/{externalId}, any key may read any member (members shop beyond their home store). Unknown and erased members: 404.",
  channels: ["app", "online", "pos"],
  input: { params: memberOffersParamsSchema, query: memberOffersQuerySchema },
  output: memberOffersSchema,
  errors: ["not_found"],
  examples: {
    response: {
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      externalId: "M-100234",
      locale: "en",
      personalized: true,
      capped: false,
      channels: ["email", "in_app"],
      currency: "EUR",
      offers: [
        {
          rewardId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
          name: "20% off tea",
          kind: "percent_off",
          category: { id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", name: "Tea" },
          propensity: 0.18,
          valueMinor: 240,
          costMinor: 100,
          expectedValueMinor: 25,
          validDays: 14,
          reason: { code: "never_tried", text: "Buys Coffee every week, never tried Tea: 20% off tea" },
        },
      ],
      recommendations: [
        {
          productId: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
          sku: "TEA-0004",
          name: "Sencha Green Tea",
          category: "Tea",
          score: 1.42,
          reason: { code: "bought_with", text: "Bought Oat Flat White", productId: "0f1e2d3c-4b5a-4968-8776-655443322110" },
        },
      ],
      modelTrainedThrough: "2025-03-20T02:00:00.000Z",
    },
  },
  handler: async ({ params, query, key, db, now }) =>
    answerMemberOffers(db, { externalId: params.externalId, programId: key.programId ?? undefined, locale: query.locale, offers: query.offers, products: query.products, now }),
});
