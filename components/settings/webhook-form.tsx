"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { createWebhookAction } from "@/app/(app)/settings/webhooks/actions";
import { Field, Input } from "@/components/ui/field";
import type { WebhookEventType } from "@/db/schema/webhooks";
import { formErrorsOf, type FormErrors } from "./form-feedback";
import { CheckboxGroup, FormFooter, GridForm } from "./form-parts";
import { SecretReveal } from "./secret-reveal";

const EVENTS: readonly WebhookEventType[] = ["tier_changed", "points_expiring", "reward_redeemed", "campaign_offer"];

export function WebhookForm() {
  const t = useTranslations("api.webhooks.form");
  const te = useTranslations("api.webhooks.events");
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FormErrors>(null);
  const [secret, setSecret] = useState<string | null>(null);

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const input = { url: String(data.get("url") ?? ""), description: String(data.get("description") ?? ""), events: data.getAll("events").map(String) };
    startTransition(async () => {
      const result = await createWebhookAction(input);
      setErrors(formErrorsOf(result));
      if (result.ok) {
        setSecret(result.data.secret);
        form.reset();
      }
    });
  }

  const error = (field: string) => (errors?.fields.has(field) ? t(`errors.${field}`) : undefined);
  return (
    <div className="space-y-4">
      {secret ? <SecretReveal title={t("created")} secret={secret} onDone={() => setSecret(null)} testId="webhook-secret" /> : null}
      <GridForm onSubmit={submit}>
        <Field id="webhook-url" label={t("url")} error={error("url")}>
          <Input id="webhook-url" name="url" type="url" required placeholder="https://example.com/loyalist-webhooks" dir="ltr" />
        </Field>
        <Field id="webhook-description" label={t("description")} error={error("description")}>
          <Input id="webhook-description" name="description" maxLength={200} />
        </Field>
        <CheckboxGroup legend={t("events")} name="events" options={EVENTS.map((e) => ({ value: e, label: te(e) }))} error={error("events")} className="md:col-span-2" />
        <FormFooter generalError={errors?.general ? t("errors.general") : null} pending={pending} label={t("create")} pendingLabel={t("creating")} />
      </GridForm>
    </div>
  );
}
