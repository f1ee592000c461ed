import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { MemberCampaignOffer } from "@/db/queries/campaign-member";

type OfferState = "control" | "redeemed" | "scheduled" | "expired" | "open";

function stateOf(offer: MemberCampaignOffer, now: Date): OfferState {
  if (offer.control) return "control";
  if (offer.redeemedAt) return "redeemed";
  if (offer.sendAt > now) return "scheduled";
  if (offer.validUntil && offer.validUntil <= now) return "expired";
  return "open";
}

const TONE: Record<OfferState, "neutral" | "good" | "warn" | "brand"> = { control: "neutral", redeemed: "good", scheduled: "brand", expired: "warn", open: "brand" };

/** The member page's campaign card: the offers campaigns sent the member (or held back), newest first. */
export function MemberOffersCard({ offers, now }: { offers: MemberCampaignOffer[]; now: Date }) {
  const t = useTranslations("campaigns.member");
  const format = useFormatter();
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  return (
    <Card aria-labelledby="member-offers-title" data-testid="member-offers">
      <CardHeader title={<span id="member-offers-title">{t("title")}</span>} description={t("description")} />
      {offers.length === 0 ? (
        <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-[var(--border)] text-sm">
          {offers.map((offer) => {
            const state = stateOf(offer, now);
            return (
              <li key={`${offer.campaignId}-${offer.sendAt.getTime()}`} className="py-2" data-testid="member-offer" data-state={state}>
                <div className="flex items-center justify-between gap-2">
                  <Link href={`/campaigns/${offer.campaignId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                    {offer.campaignName}
                  </Link>
                  <Badge tone={TONE[state]}>{t(`states.${state}`)}</Badge>
                </div>
                <p className="mt-0.5 text-[var(--text-muted)]">
                  {offer.control
                    ? t("heldOut", { date: date(offer.sendAt) })
                    : t("sent", { offer: offer.offer ?? "", date: date(offer.sendAt), code: offer.code ?? "" })}
                  {offer.redeemedAt ? ` · ${t("redeemedOn", { date: date(offer.redeemedAt) })}` : offer.validUntil && state === "open" ? ` · ${t("validUntil", { date: date(offer.validUntil) })}` : ""}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
