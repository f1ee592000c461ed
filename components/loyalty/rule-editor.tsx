import { Card } from "@/components/ui/card";
import type { ProgramConfig } from "@/db/queries/loyalty/config";
import type { RuleFormValues } from "@/lib/loyalty/rule-form";
import { PreviewCard } from "./preview-card";
import type { RuleContext } from "./rule-names";
import { RuleForm } from "./rule-form";

/** The rule form with the basket preview under it (the preview runs the rules as saved). */
export function RuleEditor({ ruleId, initial, context, program }: { ruleId?: string; initial: RuleFormValues; context: RuleContext; program: ProgramConfig }) {
  return (
    <div className="space-y-6">
      <Card>
        <RuleForm ruleId={ruleId} initial={initial} options={context.options} program={{ currency: program.currency, timeZone: program.timeZone }} />
      </Card>
      <PreviewCard context={context} program={program} underForm />
    </div>
  );
}
