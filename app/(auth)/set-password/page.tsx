import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { checkPasswordToken } from "@/db/queries/staff-admin";
import { SetPasswordForm } from "./set-password-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staff.setPassword");
  return { title: t("title") };
}

/** Public, but only a valid one-time token shows the form; the page never says whose account a bad token names. */
export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  await connection();
  const { token = "" } = await searchParams;
  const [check, t] = await Promise.all([checkPasswordToken(await getDb(), token), getTranslations("staff.setPassword")]);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="absolute end-4 top-4">
        <LocaleSwitcher />
      </div>
      <Card className="w-full max-w-sm">
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        {check.ok ? (
          <>
            <p className="mb-4 text-sm text-[var(--text-muted)]">{t(check.purpose === "invite" ? "welcome" : "reset", { name: check.name })}</p>
            <SetPasswordForm token={token} />
          </>
        ) : (
          <p role="alert" className="text-sm" data-testid="token-invalid">
            {t(`errors.token_${check.reason}`)}
          </p>
        )}
      </Card>
    </main>
  );
}
