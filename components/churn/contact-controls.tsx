"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { markContactedAction, recordContactOutcomeAction } from "@/app/(app)/churn/actions";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { CONTACT_OUTCOMES, type ContactOutcome as ChurnContactOutcome } from "@/lib/churn/outcomes";

interface LastContact {
  id: string;
  contactedAt: string;
  outcome: ChurnContactOutcome | null;
}

/**
 * "Contacted" for a member of the list, then what came of it. Both are server actions (churn:contact,
 * audited); the list re-renders with the new marks through the actions' revalidation.
 */
export function ContactControls({ memberId, memberName, runId, canContact, lastContact }: { memberId: string; memberName: string; runId: string; canContact: boolean; lastContact: LastContact | null }) {
  const t = useTranslations("churn.contact");
  const to = useTranslations("churn.outcomes");
  const format = useFormatter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  const run = (action: () => Promise<{ ok: boolean }>) => startTransition(async () => setFailed(!(await action()).ok));

  const contacted = lastContact ? (
    <p className="text-xs" data-testid="contacted-mark">
      <span className="font-medium text-emerald-800 dark:text-emerald-300">{t("contactedOn", { date: format.dateTime(new Date(lastContact.contactedAt), { dateStyle: "medium" }) })}</span>
      {lastContact.outcome ? <span className="block text-[var(--text-muted)]">{to(lastContact.outcome)}</span> : null}
    </p>
  ) : null;
  if (!canContact) return contacted ?? <span className="text-xs text-[var(--text-muted)]">{t("notContacted")}</span>;

  const outcomeId = `outcome-${memberId}`;
  return (
    <div className="flex flex-col items-start gap-1.5">
      {contacted}
      {lastContact ? (
        <div className="flex items-center gap-1">
          <label htmlFor={outcomeId} className="sr-only">
            {t("outcomeFor", { name: memberName })}
          </label>
          <Select
            id={outcomeId}
            className="py-1 text-xs"
            disabled={pending}
            value={lastContact.outcome ?? ""}
            onChange={(event) => {
              const outcome = event.target.value as ChurnContactOutcome;
              if (outcome) run(() => recordContactOutcomeAction({ contactId: lastContact.id, outcome }));
            }}
          >
            <option value="">{t("chooseOutcome")}</option>
            {CONTACT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {to(o)}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      <Button
        type="button"
        variant={lastContact ? "ghost" : "secondary"}
        className="px-2.5 py-1 text-xs"
        disabled={pending}
        onClick={() => run(() => markContactedAction({ memberId, runId }))}
      >
        {pending ? t("saving") : lastContact ? t("contactAgain") : t("mark")}
        {/* The member's name completes the accessible name after the visible label (which it must start with). */}
        <span className="sr-only">: {memberName}</span>
      </Button>
      {failed ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {t("failed")}
        </span>
      ) : null}
    </div>
  );
}
