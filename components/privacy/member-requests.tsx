"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { eraseMemberAction } from "@/app/(app)/members/[id]/privacy-actions";
import { Button, buttonClass } from "@/components/ui/button";
import { ActionForm } from "./action-form";

/** Export (a plain form POST: the browser downloads the ZIP), correction and erasure of one member. */
export function MemberRequests({ memberId, canRequest, canRectify, erased }: { memberId: string; canRequest: boolean; canRectify: boolean; erased: boolean }) {
  const t = useTranslations("privacy.requests");
  return (
    <div className="space-y-4 border-t border-[var(--border)] pt-4">
      <h3 className="text-sm font-semibold">{t("title")}</h3>
      {canRequest ? (
        <form method="post" action={`/api/privacy/members/${memberId}/export`}>
          <button type="submit" className={buttonClass("secondary", "w-full")}>
            {t("export")}
          </button>
          <p className="mt-1 text-xs text-[var(--text-muted)]">{t("exportHint")}</p>
        </form>
      ) : null}
      {canRectify && !erased ? (
        <Link href={`/members/${memberId}/edit`} className={buttonClass("secondary", "w-full")}>
          {t("rectify")}
        </Link>
      ) : null}
      {canRequest && !erased ? (
        <ActionForm action={eraseMemberAction} success={t("erased")} className="space-y-2 rounded-md border border-red-300 p-3 dark:border-red-800">
          {(pending) => (
            <>
              <input type="hidden" name="memberId" value={memberId} />
              <p className="text-sm font-medium">{t("erase")}</p>
              <p className="text-xs text-[var(--text-muted)]">{t("eraseHint")}</p>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="confirm" required />
                {t("eraseConfirm")}
              </label>
              <Button type="submit" className="w-full bg-red-700 hover:bg-red-800" disabled={pending}>
                {t("eraseButton")}
              </Button>
            </>
          )}
        </ActionForm>
      ) : null}
    </div>
  );
}
