import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import type { MemberChurnScore } from "@/db/queries/churn-at-risk";
import { formatMoney } from "@/lib/i18n/format";
import { ContactControls } from "./contact-controls";
import { RiskBandBadge } from "./risk-band-badge";
import { ChurnAction, ChurnReasons, contactMarkOf } from "./score-details";

/**
 * The member page's churn card: the member's score in the latest finished run (risk and band, value at
 * stake, CLV, P(alive), reasons, suggested action) and the latest contact mark, or why there is no score.
 * Read-only: contacts are marked on the at-risk list.
 */
export function MemberChurnCard({ churn, currency }: { churn: MemberChurnScore; currency: string }) {
  const t = useTranslations("churn");
  const format = useFormatter();
  const locale = useLocale();
  const percent = (share: number) => format.number(share, { style: "percent", maximumFractionDigits: 0 });
  const money = (minor: number | null) => (minor === null ? <span className="text-[var(--text-muted)]">{t("list.unknown")}</span> : formatMoney(locale, minor, currency));
  const description =
    churn.status === "no_run" ? undefined : t("member.description", { date: format.dateTime(churn.run.asOf, { dateStyle: "medium" }), horizon: churn.run.horizonDays });
  const title = <span id="churn-title">{t("member.title")}</span>;

  if (churn.status !== "scored") {
    return (
      <Card aria-labelledby="churn-title" data-testid="member-churn">
        <CardHeader title={title} description={description} />
        <p className="text-sm text-[var(--text-muted)]" data-testid="member-churn-none">
          {t(`member.noScore.${churn.status}`)}
        </p>
      </Card>
    );
  }
  const { score } = churn;
  const figure = "flex items-baseline justify-between gap-3 py-1.5";
  return (
    <Card aria-labelledby="churn-title" data-testid="member-churn">
      <CardHeader
        title={title}
        description={description}
        actions={
          <Link href="/churn" className="text-sm whitespace-nowrap text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
            {t("member.listLink")}
          </Link>
        }
      />
      <dl className="divide-y divide-[var(--border)] text-sm">
        <div className={figure}>
          <dt className="text-[var(--text-muted)]">{t("member.probability")}</dt>
          <dd className="flex items-center gap-2">
            <span className="tabular font-medium" data-testid="member-churn-probability">
              {percent(score.churnProbability)}
            </span>
            <RiskBandBadge band={score.riskBand} />
          </dd>
        </div>
        <div className={figure}>
          <dt className="text-[var(--text-muted)]">{t("list.columns.valueAtStake")}</dt>
          <dd className="tabular font-medium">{money(score.valueAtStakeMinor)}</dd>
        </div>
        <div className={figure}>
          <dt className="text-[var(--text-muted)]">{t("list.columns.clv")}</dt>
          <dd className="tabular">{money(score.clvMinor)}</dd>
        </div>
        <div className={figure}>
          <dt className="text-[var(--text-muted)]">{t("member.probabilityAlive")}</dt>
          <dd className="tabular">{score.probabilityAlive === null ? <span className="text-[var(--text-muted)]">{t("list.unknown")}</span> : percent(score.probabilityAlive)}</dd>
        </div>
      </dl>
      <h3 className="mt-4 mb-1 text-sm font-medium">{t("list.columns.reasons")}</h3>
      <div className="text-sm">
        <ChurnReasons reasons={score.reasons} />
      </div>
      <h3 className="mt-4 mb-1 text-sm font-medium">{t("member.action")}</h3>
      <div className="space-y-2 text-sm">
        <ChurnAction intervention={score.intervention} />
        <ContactControls memberId={score.memberId} memberName={score.displayName} runId={churn.run.id} canContact={false} lastContact={contactMarkOf(score)} />
      </div>
    </Card>
  );
}
