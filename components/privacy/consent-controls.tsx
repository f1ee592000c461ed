"use client";

import { useTranslations } from "next-intl";
import { recordConsentAction } from "@/app/(app)/members/[id]/privacy-actions";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import type { ConsentPurpose, LawfulBasis } from "@/db/schema/privacy";
import { ActionForm } from "./action-form";

/** Grant or withdraw one purpose: the button does the opposite of the current state. */
export function ConsentControls({
  memberId,
  purpose,
  allowed,
  bases,
  currentBasis,
}: {
  memberId: string;
  purpose: ConsentPurpose;
  allowed: boolean;
  bases: readonly LawfulBasis[];
  currentBasis: LawfulBasis | null;
}) {
  const t = useTranslations("privacy");
  const label = t(`consentPurposes.${purpose}`);
  return (
    <ActionForm action={recordConsentAction} className="flex flex-wrap items-center justify-end gap-2">
      {(pending) => (
        <>
          <input type="hidden" name="memberId" value={memberId} />
          <input type="hidden" name="purpose" value={purpose} />
          <input type="hidden" name="status" value={allowed ? "withdrawn" : "granted"} />
          <label className="sr-only" htmlFor={`basis-${purpose}`}>
            {t("consent.basis")} ({label})
          </label>
          <Select id={`basis-${purpose}`} name="lawfulBasis" defaultValue={currentBasis && bases.includes(currentBasis) ? currentBasis : bases[0]} className="w-auto py-1 text-xs">
            {bases.map((b) => (
              <option key={b} value={b}>
                {t(`bases.${b}`)}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary" className="px-2.5 py-1 text-xs" disabled={pending} aria-label={`${allowed ? t("consent.withdraw") : t("consent.grant")}: ${label}`}>
            {allowed ? t("consent.withdraw") : t("consent.grant")}
          </Button>
        </>
      )}
    </ActionForm>
  );
}
