"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { rectifyMemberAction } from "@/app/(app)/members/[id]/edit/actions";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/config";
import { ActionForm } from "./action-form";

export interface RectifyValues {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  postcode: string | null;
  city: string | null;
  countryCode: string | null;
  locale: string;
}

const TEXT_FIELDS = [
  ["firstName", "text", "given-name"],
  ["lastName", "text", "family-name"],
  ["email", "email", "off"],
  ["phone", "tel", "off"],
  ["birthDate", "date", "off"],
  ["postcode", "text", "off"],
  ["city", "text", "off"],
  ["countryCode", "text", "off"],
] as const;

export function RectifyForm({ memberId, values }: { memberId: string; values: RectifyValues }) {
  const t = useTranslations("privacy.rectify");
  return (
    <ActionForm action={rectifyMemberAction} success={(data) => t("saved", { count: data.changed.length })} className="max-w-xl space-y-4">
      {(pending) => (
        <>
          <input type="hidden" name="memberId" value={memberId} />
          <div className="grid gap-4 sm:grid-cols-2">
            {TEXT_FIELDS.map(([name, type, autoComplete]) => (
              <Field key={name} id={`rectify-${name}`} label={t(name)}>
                <Input id={`rectify-${name}`} name={name} type={type} autoComplete={autoComplete} defaultValue={values[name] ?? ""} dir={type === "email" || type === "tel" ? "ltr" : undefined} />
              </Field>
            ))}
            <Field id="rectify-locale" label={t("locale")}>
              <Select id="rectify-locale" name="locale" defaultValue={values.locale}>
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {LOCALE_NAMES[l]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending}>
              {t("save")}
            </Button>
            <Link href={`/members/${memberId}`} className={buttonClass("secondary")}>
              {t("cancel")}
            </Link>
          </div>
        </>
      )}
    </ActionForm>
  );
}
