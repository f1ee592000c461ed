"use client";

import { useTranslations } from "next-intl";
import { updateRetentionAction } from "@/app/(app)/privacy/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { RetentionSettings } from "@/lib/privacy/retention";
import { ActionForm } from "./action-form";

export function RetentionForm({ settings, editable }: { settings: RetentionSettings; editable: boolean }) {
  const t = useTranslations("privacy.retention");
  return (
    <ActionForm action={updateRetentionAction} success={t("saved")} className="space-y-4">
      {(pending) => (
        <fieldset disabled={!editable || pending} className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="eventRetentionMonths" label={t("eventMonths")}>
              <Input id="eventRetentionMonths" name="eventRetentionMonths" type="number" min={1} max={240} required defaultValue={settings.eventRetentionMonths} />
            </Field>
            <Field id="eventRetentionMode" label={t("eventMode")}>
              <Select id="eventRetentionMode" name="eventRetentionMode" defaultValue={settings.eventRetentionMode}>
                <option value="aggregate">{t("mode.aggregate")}</option>
                <option value="delete">{t("mode.delete")}</option>
              </Select>
            </Field>
            <Field id="inactiveMemberMonths" label={t("inactiveMonths")}>
              <Input id="inactiveMemberMonths" name="inactiveMemberMonths" type="number" min={6} max={240} defaultValue={settings.inactiveMemberMonths ?? ""} aria-describedby="inactive-hint" />
              <p id="inactive-hint" className="text-xs text-[var(--text-muted)]">
                {t("inactiveHint")}
              </p>
            </Field>
            <Field id="loginAttemptRetentionDays" label={t("loginDays")}>
              <Input id="loginAttemptRetentionDays" name="loginAttemptRetentionDays" type="number" min={1} max={3650} required defaultValue={settings.loginAttemptRetentionDays} />
            </Field>
          </div>
          {editable ? <Button type="submit">{t("save")}</Button> : <p className="text-sm text-[var(--text-muted)]">{t("readOnly")}</p>}
        </fieldset>
      )}
    </ActionForm>
  );
}
