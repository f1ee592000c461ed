import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/seed/demo-users";
import { getViewer } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; as?: string }> }) {
  await connection();
  if (await getViewer()) redirect("/overview");
  const [{ callbackUrl, as }, t, tc, program] = await Promise.all([
    searchParams,
    getTranslations("auth"),
    getTranslations("common"),
    getDb().then(getProgramInfo),
  ]);
  const demoEmail = program.demo ? DEMO_USERS.find((u) => u.email === as)?.email : undefined;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="absolute end-4 top-4">
        <LocaleSwitcher />
      </div>
      <Card className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-sm font-semibold tracking-wide text-brand-600 dark:text-brand-100">{tc("appName")}</p>
          <h1 className="mt-2 text-xl font-semibold">{t("title")}</h1>
          <p className="mt-1 text-sm text-[var(--text-muted)]">{program.demo ? program.name : t("subtitle")}</p>
        </div>
        <LoginForm callbackUrl={callbackUrl} demoEmail={demoEmail} />
      </Card>
      {program.demo ? (
        <Card className="w-full max-w-sm" aria-labelledby="demo-accounts">
          <h2 id="demo-accounts" className="text-sm font-semibold">
            {t("demoTitle")}
          </h2>
          <p className="mt-1 text-sm text-[var(--text-muted)]">{t("demoHint", { password: DEMO_PASSWORD })}</p>
          <ul className="mt-3 divide-y divide-[var(--border)]">
            {DEMO_USERS.map((user) => (
              <li key={user.email} className="flex items-center justify-between gap-3 py-2 text-sm">
                <span>
                  <span className="block font-medium">{tc(`roles.${user.role}`)}</span>
                  <span className="block text-[var(--text-muted)]" dir="ltr">
                    {user.email}
                  </span>
                </span>
                <a className="shrink-0 text-brand-600 underline-offset-2 hover:underline dark:text-brand-100" href={`/login?as=${encodeURIComponent(user.email)}`}>
                  {t("useAccount")}
                </a>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </main>
  );
}
