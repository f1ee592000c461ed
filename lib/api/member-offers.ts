import "server-only";
import type { Db } from "@/db/client";
import { memberIdsByExternalId } from "@/db/queries/api-members";
import { getMemberOffers, type MemberOffers } from "@/db/queries/member-offers";
import { AppError } from "@/lib/errors";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/config";
import { offerReasonText, recommendationReasonText, type ReasonTranslate } from "@/lib/personalization/reason-text";
import { personalizationTranslator } from "@/lib/personalization/translate";
import type { MemberOffersResponse } from "./schemas/personalization";

const ALL_STORES = { kind: "all" } as const;

/**
 * GET /members/{externalId}/offers from the external id to the answer (the route and `npm run bench -- --only
 * offers` both run this): the member's id, their offers and recommendations (getMemberOffers), and the
 * reasons in the asked language, else the member's, else English. Any key reads any member, as the points
 * and inbox routes: members shop beyond their home store.
 */
export async function answerMemberOffers(
  db: Db,
  params: { externalId: string; programId?: string; locale?: Locale; offers: number; products: number; now: Date },
): Promise<MemberOffersResponse> {
  const memberId = (await memberIdsByExternalId(db, { externalIds: [params.externalId] })).get(params.externalId);
  const view = memberId
    ? await getMemberOffers(db, { memberId, scope: ALL_STORES, now: params.now, programId: params.programId, offers: params.offers, products: params.products })
    : null;
  if (!view) throw new AppError("not_found", "No member with this external id.");
  const locale = params.locale ?? view.locale ?? DEFAULT_LOCALE;
  return memberOffersResponse(view, params.externalId, locale, await personalizationTranslator(locale));
}

function memberOffersResponse(view: MemberOffers, externalId: string, locale: Locale, t: ReasonTranslate): MemberOffersResponse {
  const categoryName = (id: string) => view.categoryNames[id] ?? id;
  return {
    memberId: view.memberId,
    externalId,
    locale,
    personalized: view.personalized,
    capped: view.capped,
    channels: view.channels,
    currency: view.currency,
    offers: view.offers.map((o) => ({
      rewardId: o.candidate.rewardId,
      name: o.candidate.name,
      kind: o.candidate.kind,
      category: o.candidate.categoryId === null ? null : { id: o.candidate.categoryId, name: categoryName(o.candidate.categoryId) },
      propensity: o.propensity,
      valueMinor: o.value.valueMinor,
      costMinor: o.candidate.costMinor,
      expectedValueMinor: o.expectedValueMinor,
      validDays: o.candidate.validDays,
      reason: { code: o.reason.code, text: offerReasonText(t, o.reason, { locale, currency: view.currency, offer: o.candidate.name, categoryName }) },
    })),
    recommendations: view.recommendations.map((r) => ({
      productId: r.productId,
      sku: r.sku,
      name: r.name,
      category: r.category,
      score: r.score,
      reason: { code: r.reason.code, text: recommendationReasonText(t, r.reason), productId: r.reason.code === "bought_with" ? r.reason.productId : null },
    })),
    modelTrainedThrough: view.modelTrainedThrough?.toISOString() ?? null,
  };
}
