"use client";

import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { approveCampaignAction, changeCampaignStatusAction, launchCampaignAction } from "@/app/(app)/campaigns/actions";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import type { CampaignStatus } from "@/db/schema/campaigns";
import type { ActionResult } from "@/lib/errors";

type Outcome = { status: CampaignStatus; run: { treated: number; control: number } | null };
type Note = { kind: "error" | "success"; text: string } | null;

const CANCELLABLE: readonly CampaignStatus[] = ["draft", "awaiting_approval", "scheduled", "running", "paused"];

/**
 * A campaign's lifecycle buttons, shown by role and state (the server refuses the rest anyway): launch a
 * draft, approve one awaiting approval (admins), pause, resume, cancel (asked first). Each refreshes the page.
 */
export function CampaignActions({ id, name, status, canLaunch, canApprove }: { id: string; name: string; status: CampaignStatus; canLaunch: boolean; canApprove: boolean }) {
  const t = useTranslations("campaigns.actions");
  const tErrors = useTranslations("campaigns.errors");
  const format = useFormatter();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [note, setNote] = useState<Note>(null);

  const launched = (outcome: Outcome): string => {
    if (outcome.status === "awaiting_approval") return t("needsApproval");
    if (outcome.status === "scheduled") return t("scheduled");
    if (outcome.run) return t("launched", { treated: format.number(outcome.run.treated), control: format.number(outcome.run.control) });
    return t("done");
  };

  function run<T>(action: () => Promise<ActionResult<T>>, success: (data: T) => string) {
    startTransition(async () => {
      setNote(null);
      const result = await action();
      setNote(result.ok ? { kind: "success", text: success(result.data) } : { kind: "error", text: tErrors(result.code) });
      router.refresh();
    });
  }

  const step = (which: "pause" | "resume" | "cancel") => run(() => changeCampaignStatusAction({ id, step: which }), () => t(`stepDone.${which}`));
  const buttons = [
    canLaunch && status === "draft" ? (
      <Button key="launch" type="button" disabled={pending} onClick={() => run(() => launchCampaignAction({ id }), launched)}>
        {t("launch")}
      </Button>
    ) : null,
    canApprove && status === "awaiting_approval" ? (
      <Button key="approve" type="button" disabled={pending} onClick={() => run(() => approveCampaignAction({ id }), launched)}>
        {t("approve")}
      </Button>
    ) : null,
    canLaunch && (status === "running" || status === "scheduled") ? (
      <Button key="pause" type="button" variant="secondary" disabled={pending} onClick={() => step("pause")}>
        {t("pause")}
      </Button>
    ) : null,
    canLaunch && status === "paused" ? (
      <Button key="resume" type="button" variant="secondary" disabled={pending} onClick={() => step("resume")}>
        {t("resume")}
      </Button>
    ) : null,
    canLaunch && CANCELLABLE.includes(status) ? (
      <Button key="cancel" type="button" variant="ghost" disabled={pending} onClick={() => window.confirm(t("confirmCancel", { name })) && step("cancel")}>
        {t("cancel")}
      </Button>
    ) : null,
  ].filter(Boolean);

  if (buttons.length === 0 && !note) return null;
  return (
    <div className="flex max-w-md flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">{buttons}</div>
      <FormStatus className="text-end" error={note?.kind === "error" ? note.text : undefined} success={note?.kind === "success" ? note.text : undefined} />
    </div>
  );
}
