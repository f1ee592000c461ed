"use client";

import { useTranslations } from "next-intl";
import { inviteStaffAction } from "@/app/(app)/settings/staff/actions";
import { ActionForm } from "@/components/privacy/action-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { RoleSelect } from "./role-select";
import { OneTimeLink } from "./one-time-link";
import { StoreChoices } from "./store-choices";

export function InviteForm({ stores }: { stores: Array<{ id: string; name: string }> }) {
  const t = useTranslations("staff");
  return (
    <ActionForm action={inviteStaffAction} success={(data) => <OneTimeLink path={data.path} />} errorText={{ conflict: t("errors.emailTaken") }} className="space-y-4" testId="invite-form">
      {(pending) => (
        <>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="invite-name" label={t("fields.name")}>
              <Input id="invite-name" name="name" required autoComplete="off" />
            </Field>
            <Field id="invite-email" label={t("fields.email")}>
              <Input id="invite-email" name="email" type="email" required autoComplete="off" dir="ltr" />
            </Field>
            <RoleSelect id="invite-role" defaultValue="marketer" />
          </div>
          <StoreChoices stores={stores} selected={[]} idPrefix="invite-store" />
          <Button type="submit" disabled={pending}>
            {t("invite.submit")}
          </Button>
        </>
      )}
    </ActionForm>
  );
}
