"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import { DryRunResult, type PreviewResult } from "./dry-run-result";
import { FormStatus } from "@/components/ui/form-status";
import { PreviewLines, type PreviewLine } from "./preview-lines";
import { StackForm } from "./stack-form";

interface StoreChoice {
  code: string;
  name: string;
  kind: "physical" | "online";
}

class PreviewError extends Error {
  constructor(
    readonly code: string,
    readonly fieldErrors: FieldErrors,
  ) {
    super(code);
  }
}

interface Basket {
  memberExternalId: string;
  channel: string;
  storeCode: string;
  occurredAt: string;
  currency: string;
  lines: { sku: string; category: string; quantity: number | string; amount: string }[];
}

async function preview(basket: Basket): Promise<PreviewResult> {
  const response = await fetch("/api/loyalty/dry-run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(basket) });
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; fieldErrors?: FieldErrors } } & PreviewResult;
  if (!response.ok) throw new PreviewError(body.error?.code ?? "internal", body.error?.fieldErrors ?? {});
  return body;
}

const EMPTY_LINE: PreviewLine = { sku: "", category: "", quantity: "1", amount: "" };

/**
 * "Preview a basket": a member (by number) or none, channel, store, time and lines; answers what the
 * program's current rules would give, per line and rule, with the reason for each rule that does not apply.
 */
export function DryRunPanel({
  stores,
  categories,
  channels,
  currency,
  currencies,
  timeZone,
  defaultAt,
}: {
  stores: readonly StoreChoice[];
  categories: readonly { code: string; name: string }[];
  channels: readonly string[];
  currency: string;
  currencies: readonly string[];
  timeZone: string;
  /** The form's starting time: now on the program's wall clock ("YYYY-MM-DDTHH:MM"). */
  defaultAt: string;
}) {
  const t = useTranslations("loyalty.preview");
  const tl = useTranslations("loyalty");
  const [channel, setChannel] = useState(channels[0] ?? "pos");
  const [lines, setLines] = useState<PreviewLine[]>([{ ...EMPTY_LINE, category: categories[0]?.code ?? "" }]);
  const mutation = useMutation({ mutationFn: preview });
  const fieldErrors = mutation.error instanceof PreviewError ? mutation.error.fieldErrors : {};
  const error = (field: string) => {
    const message = fieldErrors[field]?.[0];
    if (message === undefined) return undefined;
    const key = `fieldErrors.${field.replace(/\[\d+\]/g, "")}`;
    return t.has(key) ? t(key) : message;
  };
  const storeChoices = stores.filter((s) => s.kind === (channel === "pos" ? "physical" : "online"));

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    mutation.mutate({
      memberExternalId: text("memberExternalId"),
      channel,
      storeCode: text("storeCode"),
      occurredAt: text("occurredAt"),
      currency: text("currency"),
      lines: lines.map((l) => ({ sku: l.sku.trim() || "PREVIEW", category: l.category, quantity: Number(l.quantity) || l.quantity, amount: l.amount.trim() })),
    });
  }

  const generalError = mutation.error ? (Object.keys(fieldErrors).length > 0 ? tl("errors.fields", { fields: Object.keys(fieldErrors).length }) : tl(`errors.${mutation.error instanceof PreviewError ? mutation.error.code : "internal"}`)) : null;

  return (
    <div className="space-y-6">
      <StackForm label={t("formLabel")} onSubmit={submit} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Field id="preview-member" label={t("member")} error={error("memberExternalId")}>
            <Input id="preview-member" name="memberExternalId" placeholder={t("memberPlaceholder")} dir="ltr" />
          </Field>
          <Field id="preview-at" label={t("occurredAt", { zone: timeZone })} error={error("occurredAt")}>
            <Input id="preview-at" name="occurredAt" type="datetime-local" defaultValue={defaultAt} required />
          </Field>
          <Field id="preview-channel" label={t("channel")} error={error("channel")}>
            <Select id="preview-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
              {channels.map((c) => (
                <option key={c} value={c}>
                  {tl(`channels.${c}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="preview-store" label={t("store")} error={error("storeCode")}>
            <Select id="preview-store" name="storeCode" key={channel}>
              {channel === "pos" ? null : <option value="">{t("onlineStoreDefault")}</option>}
              {storeChoices.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="preview-currency" label={t("currency")} error={error("currency")}>
            <Select id="preview-currency" name="currency" defaultValue={currency}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <PreviewLines lines={lines} onChange={setLines} categories={categories} currency={currency} error={error} emptyLine={{ ...EMPTY_LINE, category: categories[0]?.code ?? "" }} />
        <FormStatus error={generalError} />
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t("running") : t("run")}
        </Button>
      </StackForm>
      <div>{mutation.data ? <DryRunResult result={mutation.data} lines={mutation.variables?.lines ?? []} categories={categories} /> : <p className="text-sm text-[var(--text-muted)]">{t("empty")}</p>}</div>
    </div>
  );
}
