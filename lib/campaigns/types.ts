import type { Locale } from "@/lib/i18n/config";

/** One language's message: a subject (e-mail, inbox title) and a plain-text body with {{placeholders}}. */
export interface MessageTemplate {
  subject: string;
  body: string;
}

/** A campaign's messages per language; English is required and stands in for a language without its own. */
export type CampaignTemplates = { en: MessageTemplate } & Partial<Record<Locale, MessageTemplate>>;
