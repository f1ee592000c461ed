import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/shell/message-page";

// Inside the signed-in shell: a member outside the viewer's stores lands here, like one that does not exist.
export default async function NotFoundInApp() {
  const t = await getTranslations("common.errors");
  return <MessagePage title={t("notFoundTitle")} body={t("notFoundBody")} backLabel={t("backToOverview")} />;
}
