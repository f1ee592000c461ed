import type { ReactNode } from "react";
import { useFormatter, useTranslations } from "next-intl";
import type { Member360 } from "@/db/queries/members";
import { isLocale, LOCALE_NAMES } from "@/lib/i18n/config";

export function ProfileDetails({ profile }: { profile: Member360["profile"] }) {
  const t = useTranslations("members.detail.profile");
  const format = useFormatter();
  const missing = <span className="text-[var(--text-muted)]">{t("notGiven")}</span>;
  // A birth date is a calendar day, not an instant: format it in UTC so no time zone moves it a day.
  const birth = profile.birthDate ? format.dateTime(new Date(`${profile.birthDate}T00:00:00Z`), { dateStyle: "long", timeZone: "UTC" }) : null;
  const place = [profile.postcode, profile.city].filter(Boolean).join(" ");
  const rows: Array<[string, ReactNode]> = [
    [t("email"), profile.email ? <span dir="ltr" className="break-all">{profile.email}</span> : missing],
    [t("phone"), profile.phone ? <span dir="ltr" className="tabular">{profile.phone}</span> : missing],
    [t("birthDate"), birth ?? missing],
    [t("address"), place || missing],
    [t("locale"), isLocale(profile.locale) ? LOCALE_NAMES[profile.locale] : profile.locale],
  ];
  return (
    <dl className="divide-y divide-[var(--border)] text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="flex flex-wrap justify-between gap-x-3 gap-y-0.5 py-2">
          <dt className="text-[var(--text-muted)]">{label}</dt>
          <dd className="text-end">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
