"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { createApiKeyAction } from "@/app/(app)/settings/api-keys/actions";
import { Field, Input } from "@/components/ui/field";
import { API_CHANNELS } from "./channels";
import { formErrorsOf, type FormErrors } from "./form-feedback";
import { CheckboxGroup, FieldError, FormFooter, GridForm } from "./form-parts";
import { SecretReveal } from "./secret-reveal";

export function ApiKeyForm({ stores }: { stores: ReadonlyArray<{ id: string; name: string }> }) {
  const t = useTranslations("api.keys.form");
  const tc = useTranslations("api.channels");
  const [pending, startTransition] = useTransition();
  const [allStores, setAllStores] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(null);
  const [created, setCreated] = useState<{ token: string; publicId: string } | null>(null);

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const input = {
      name: String(data.get("name") ?? ""),
      source: String(data.get("source") ?? ""),
      channels: data.getAll("channels").map(String),
      allStores,
      storeIds: allStores ? [] : data.getAll("storeIds").map(String),
      rateLimitPerMinute: String(data.get("rateLimitPerMinute") ?? ""),
    };
    startTransition(async () => {
      const result = await createApiKeyAction(input);
      setErrors(formErrorsOf(result));
      if (result.ok) {
        setCreated(result.data);
        form.reset();
        setAllStores(true);
      }
    });
  }

  const error = (field: string) => (errors?.fields.has(field) ? t(`errors.${field}`) : undefined);
  return (
    <div className="space-y-4">
      {created ? <SecretReveal title={t("created")} secret={created.token} onDone={() => setCreated(null)} testId="api-key-secret" /> : null}
      <GridForm onSubmit={submit}>
        <Field id="key-name" label={t("name")} error={error("name")}>
          <Input id="key-name" name="name" required maxLength={100} placeholder={t("namePlaceholder")} />
        </Field>
        <Field id="key-source" label={t("source")} error={error("source")}>
          <Input id="key-source" name="source" maxLength={60} placeholder={t("sourcePlaceholder")} dir="ltr" />
        </Field>
        <CheckboxGroup legend={t("channels")} name="channels" options={API_CHANNELS.map((c) => ({ value: c, label: tc(c) }))} error={error("channels")} />
        <Field id="key-rate" label={t("rateLimit")} error={error("rateLimitPerMinute")}>
          <Input id="key-rate" name="rateLimitPerMinute" type="number" min={1} inputMode="numeric" placeholder={t("rateLimitPlaceholder")} />
        </Field>
        <fieldset className="space-y-2 md:col-span-2">
          <legend className="text-sm font-medium">{t("stores")}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="inline-flex items-center gap-2">
              <input type="radio" name="storeScope" checked={allStores} onChange={() => setAllStores(true)} className="size-4" />
              {t("allStores")}
            </label>
            <label className="inline-flex items-center gap-2">
              <input type="radio" name="storeScope" checked={!allStores} onChange={() => setAllStores(false)} className="size-4" />
              {t("someStores")}
            </label>
          </div>
          {!allStores ? (
            <div className="grid max-h-48 gap-1 overflow-y-auto rounded-md border border-[var(--border)] p-3 sm:grid-cols-2 lg:grid-cols-3">
              {stores.map((store) => (
                <label key={store.id} className="inline-flex items-center gap-2 text-sm">
                  <input type="checkbox" name="storeIds" value={store.id} className="size-4" />
                  {store.name}
                </label>
              ))}
            </div>
          ) : null}
          <FieldError message={error("storeIds")} />
        </fieldset>
        <FormFooter generalError={errors?.general ? t("errors.general") : null} pending={pending} label={t("create")} pendingLabel={t("creating")} />
      </GridForm>
    </div>
  );
}
