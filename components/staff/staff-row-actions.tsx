"use client";

import { useTranslations } from "next-intl";
import { changeStaffAccessAction, passwordResetAction, setStaffActiveAction, unlockStaffAction } from "@/app/(app)/settings/staff/actions";
import { ActionForm } from "@/components/privacy/action-form";
import { Button } from "@/components/ui/button";
import type { StaffListRow } from "@/db/queries/staff-admin";
import { RoleSelect } from "./role-select";
import { OneTimeLink } from "./one-time-link";
import { StoreChoices } from "./store-choices";

/** Role and stores, activation, unlock and a new password link for one staff member. */
export function StaffRowActions({ staff, stores }: { staff: StaffListRow; stores: Array<{ id: string; name: string }> }) {
  const t = useTranslations("staff");
  const lastAdmin = { conflict: t("errors.lastAdmin") };
  return (
    <div className="space-y-4">
      <ActionForm action={changeStaffAccessAction} success={t("saved")} errorText={lastAdmin} className="space-y-3">
        {(pending) => (
          <>
            <input type="hidden" name="staffId" value={staff.id} />
            <RoleSelect id={`role-${staff.id}`} defaultValue={staff.role} className="max-w-xs" />
            <StoreChoices stores={stores} selected={staff.stores.map((s) => s.id)} idPrefix={`store-${staff.id}`} />
            <Button type="submit" variant="secondary" disabled={pending}>
              {t("saveAccess")}
            </Button>
          </>
        )}
      </ActionForm>
      <div className="flex flex-wrap items-start gap-3">
        <ActionForm action={setStaffActiveAction} errorText={lastAdmin}>
          {(pending) => (
            <>
              <input type="hidden" name="staffId" value={staff.id} />
              <input type="hidden" name="active" value={String(!staff.active)} />
              <Button type="submit" variant="secondary" disabled={pending}>
                {staff.active ? t("deactivate") : t("reactivate")}
              </Button>
            </>
          )}
        </ActionForm>
        {staff.lockedOut ? (
          <ActionForm action={unlockStaffAction} success={t("unlocked")}>
            {(pending) => (
              <>
                <input type="hidden" name="staffId" value={staff.id} />
                <Button type="submit" variant="secondary" disabled={pending}>
                  {t("unlock")}
                </Button>
              </>
            )}
          </ActionForm>
        ) : null}
        {staff.active ? (
          <ActionForm action={passwordResetAction} success={(data) => <OneTimeLink path={data.path} />}>
            {(pending) => (
              <>
                <input type="hidden" name="staffId" value={staff.id} />
                <Button type="submit" variant="secondary" disabled={pending}>
                  {t("resetLink")}
                </Button>
              </>
            )}
          </ActionForm>
        ) : null}
      </div>
    </div>
  );
}
