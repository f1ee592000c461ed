"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { setPasswordAction, type SetPasswordState } from "./actions";

export function SetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("staff.setPassword");
  const [state, formAction, pending] = useActionState<SetPasswordState, FormData>(setPasswordAction, {});
  if (state.done) {
    return (
      <div className="space-y-4" role="status">
        <p className="text-sm">{t("done")}</p>
        <Link href="/login" className={buttonClass("primary", "w-full")}>
          {t("toLogin")}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <Field id="password" label={t("password")}>
        <Input id="password" name="password" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required aria-describedby="password-hint" />
        <p id="password-hint" className="text-xs text-[var(--text-muted)]">
          {t("hint", { min: MIN_PASSWORD_LENGTH })}
        </p>
      </Field>
      <Field id="confirm" label={t("confirm")}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {t(`errors.${state.error}`, { min: MIN_PASSWORD_LENGTH })}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
