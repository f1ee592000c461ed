"use client";

import { useTranslations } from "next-intl";
import { MessagePage } from "@/components/shell/message-page";
import { Button } from "@/components/ui/button";

export default function AppError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("common.errors");
  return (
    <MessagePage
      title={t("genericTitle")}
      body={t("genericBody")}
      backLabel={t("backToOverview")}
      action={<Button onClick={reset}>{t("retry")}</Button>}
    />
  );
}
