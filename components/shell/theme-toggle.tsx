"use client";

import { useTheme } from "next-themes";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

export function ThemeToggle() {
  const t = useTranslations("common.shell");
  const { theme, setTheme } = useTheme();
  // The stored theme is only known in the browser; render the control after mount to avoid a mismatch.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <select
      aria-label={t("theme")}
      className="rounded-md border border-[var(--border)] bg-[var(--surface)] px-2 py-1.5 text-sm"
      value={mounted ? (theme ?? "system") : "system"}
      onChange={(event) => setTheme(event.target.value)}
    >
      <option value="system">{t("themeSystem")}</option>
      <option value="light">{t("themeLight")}</option>
      <option value="dark">{t("themeDark")}</option>
    </select>
  );
}
