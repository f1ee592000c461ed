"use client";

import { useTranslations } from "next-intl";
import { Field, Select } from "@/components/ui/field";
import type { StaffRole } from "@/db/schema/enums";
import { STAFF_ROLES } from "./roles";

export function RoleSelect({ id, defaultValue, className }: { id: string; defaultValue: StaffRole; className?: string }) {
  const t = useTranslations("staff");
  const tc = useTranslations("common.roles");
  return (
    <Field id={id} label={t("fields.role")}>
      <Select id={id} name="role" defaultValue={defaultValue} className={className}>
        {STAFF_ROLES.map((r) => (
          <option key={r} value={r}>
            {tc(r)}
          </option>
        ))}
      </Select>
    </Field>
  );
}
