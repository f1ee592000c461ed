import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/shell/message-page";

export default async function NotFound() {
  const t = await getTranslations("common.errors");
  return (
    <main>
      <MessagePage title={t("notFoundTitle")} body={t("notFoundBody")} backLabel={t("backToOverview")} />
    </main>
  );
}
