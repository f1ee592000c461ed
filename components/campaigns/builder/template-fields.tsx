"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { Field, Input, Textarea } from "@/components/ui/field";
import { BODY_MAX_CHARS, SUBJECT_MAX_CHARS, TEMPLATE_FIELDS } from "@/lib/campaigns/template";
import { directionOf, isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/config";
import { describedBy, FieldMessage, type PartProps } from "./parts";
import type { TemplateValues } from "./form-values";

/**
 * The message per language, one tab each (WAI-ARIA tabs: arrow keys move between them). English is
 * required; a language left blank gets the English message. After a failed save the first language with
 * an error opens, so the error is not hidden behind a tab.
 */
export function TemplateFields({ values, set, error }: PartProps) {
  const t = useTranslations("campaigns.builder");
  const uiLocale = useLocale();
  const rtl = isLocale(uiLocale) && directionOf(uiLocale) === "rtl";
  const [active, setActive] = useState<Locale>("en");
  const tabs = useRef<Partial<Record<Locale, HTMLButtonElement | null>>>({});
  const hasError = (locale: Locale) => Boolean(error(`templates.${locale}`) || error(`templates.${locale}.subject`) || error(`templates.${locale}.body`));
  const errorSignature = LOCALES.filter(hasError).join(",");

  useEffect(() => {
    const first = LOCALES.find(hasError);
    if (first && !hasError(active)) setActive(first);
    // Only a new set of errors (a save) moves the tab; the user's own choice stands otherwise.
  }, [errorSignature]);

  const change = (locale: Locale, patch: Partial<TemplateValues>) => set({ templates: { ...values.templates, [locale]: { ...values.templates[locale], ...patch } } });

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const i = LOCALES.indexOf(active);
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    const next = step !== undefined ? LOCALES[(i + step + LOCALES.length) % LOCALES.length] : event.key === "Home" ? LOCALES[0] : event.key === "End" ? LOCALES[LOCALES.length - 1] : undefined;
    if (!next) return;
    event.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  }

  return (
    <div className="space-y-4 md:col-span-2">
      <div role="tablist" aria-label={t("languages")} className="flex flex-wrap gap-1 border-b border-[var(--border)]">
        {LOCALES.map((locale) => (
          <button
            key={locale}
            ref={(el) => {
              tabs.current[locale] = el;
            }}
            type="button"
            role="tab"
            id={`template-tab-${locale}`}
            aria-selected={active === locale}
            aria-controls={`template-panel-${locale}`}
            tabIndex={active === locale ? 0 : -1}
            onClick={() => setActive(locale)}
            onKeyDown={onKeyDown}
            className={cn(
              "-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm font-medium",
              active === locale ? "border-brand-600 text-[var(--text)]" : "border-transparent text-[var(--text-muted)] hover:text-[var(--text)]",
            )}
          >
            <span lang={locale}>{LOCALE_NAMES[locale]}</span>
            {hasError(locale) ? (
              <span className="ms-1 text-red-700 dark:text-red-400">
                <span aria-hidden="true">•</span>
                <span className="sr-only">{t("tabHasError")}</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {LOCALES.map((locale) => {
        const id = `campaign-template-${locale}`;
        const template = values.templates[locale];
        const subjectError = error(`templates.${locale}.subject`);
        const bodyError = error(`templates.${locale}.body`);
        const language = LOCALE_NAMES[locale];
        return (
          <div key={locale} role="tabpanel" id={`template-panel-${locale}`} aria-labelledby={`template-tab-${locale}`} hidden={active !== locale} className="space-y-4">
            <p className="text-xs text-[var(--text-muted)]">{locale === "en" ? t("englishRequired") : t("fallsBackToEnglish", { language })}</p>
            <FieldMessage message={error(`templates.${locale}`)} />
            <Field id={`${id}-subject`} label={t("subject", { language })} error={subjectError}>
              <Input
                id={`${id}-subject`}
                lang={locale}
                dir={directionOf(locale)}
                maxLength={SUBJECT_MAX_CHARS}
                aria-invalid={subjectError ? true : undefined}
                aria-describedby={describedBy(`${id}-subject`, false, subjectError)}
                value={template.subject}
                onChange={(e) => change(locale, { subject: e.target.value })}
              />
            </Field>
            <Field id={`${id}-body`} label={t("body", { language })} error={bodyError}>
              <Textarea
                id={`${id}-body`}
                lang={locale}
                dir={directionOf(locale)}
                rows={6}
                maxLength={BODY_MAX_CHARS}
                aria-invalid={bodyError ? true : undefined}
                aria-describedby={[`campaign-placeholders`, bodyError ? `${id}-body-error` : null].filter(Boolean).join(" ")}
                value={template.body}
                onChange={(e) => change(locale, { body: e.target.value })}
              />
            </Field>
          </div>
        );
      })}
      <div id="campaign-placeholders" className="rounded-lg bg-[var(--surface-muted)] p-3 text-xs">
        <p className="mb-1.5 font-medium">{t("placeholdersTitle")}</p>
        <ul className="grid gap-1 sm:grid-cols-2">
          {TEMPLATE_FIELDS.map((field) => (
            <li key={field}>
              <code dir="ltr" className="font-mono">{`{{${field}}}`}</code> <span className="text-[var(--text-muted)]">{t(`placeholders.${field}`)}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
