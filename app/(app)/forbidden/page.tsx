import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/shell/message-page";

export default async function Forbidden() {
  const t = await getTranslations("common.errors");
  return <MessagePage title={t("forbiddenTitle")} body={t("forbiddenBody")} backLabel={t("backToOverview")} />;
}
