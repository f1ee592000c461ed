import { getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import type { ProgramConfig } from "@/db/queries/loyalty/config";
import { isoToZoned } from "@/lib/loyalty/form-values";
import { DryRunPanel } from "./dry-run-panel";
import type { RuleContext } from "./rule-names";

/** "Preview a basket" as a card: on the rules page, and under the rule form (where it runs the saved rules). */
export async function PreviewCard({ context, program, underForm = false }: { context: RuleContext; program: ProgramConfig; underForm?: boolean }) {
  const t = await getTranslations("loyalty.preview");
  return (
    <Card aria-labelledby="preview-title">
      <CardHeader title={<span id="preview-title">{t("title")}</span>} description={t(underForm ? "savedRules" : "description", { zone: program.timeZone })} />
      <DryRunPanel
        stores={context.lookups.stores}
        categories={context.lookups.categories}
        channels={context.lookups.channels}
        currency={program.currency}
        currencies={context.options.currencies}
        timeZone={program.timeZone}
        defaultAt={isoToZoned(new Date(), program.timeZone)}
      />
    </Card>
  );
}
