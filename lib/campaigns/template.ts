import { directionOf, isLocale, LOCALES, type Locale } from "@/lib/i18n/config";
import type { CampaignTemplates, MessageTemplate } from "./types";

/**
 * Campaign message templates: a subject and a plain-text body per language with {{placeholders}}
 * (docs/campaigns-delivery.md). Pure: no database, no framework, "now" never read.
 */

export const TEMPLATE_FIELDS = ["firstName", "lastName", "offer", "code", "validUntil", "campaign"] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** The same limits as the campaign form's schema (lib/campaigns/schemas.ts), counted in characters. */
export const SUBJECT_MAX_CHARS = 200;
export const BODY_MAX_CHARS = 5_000;

export interface TemplateIssue {
  /** The form field, e.g. "templates.de.body". */
  path: string;
  message: string;
}

export interface MessageFields {
  /** Null when the member gave none: renders as nothing, and the space before it goes too. */
  firstName: string | null;
  lastName: string | null;
  /** The offer's (reward's) name. */
  offer: string;
  code: string;
  /** When the offer stops being redeemable; null when it does not expire. */
  validUntil: Date | null;
  campaign: string;
}

export interface RenderedMessage {
  /** The language actually used: the member's when the campaign has a template in it, else English. */
  locale: Locale;
  /** One line, never a CR or LF: it becomes a mail header. */
  subject: string;
  text: string;
  /** A self-contained HTML document in which every character of text and values is escaped. */
  html: string;
}

/** Language names in English, for messages addressed to the staff member editing the campaign. */
const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", de: "German", pl: "Polish", sv: "Swedish", ar: "Arabic" };

type Segment = { kind: "text"; text: string } | { kind: "field"; name: TemplateField };
interface Parsed {
  segments: Segment[];
  problems: string[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FIELD_LIST = TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(", ");

function isTemplateField(name: string): name is TemplateField {
  return (TEMPLATE_FIELDS as readonly string[]).includes(name);
}

function suggest(name: string): string {
  // Placeholders are case-sensitive; "{{firstname}}" is the commonest slip.
  const near = TEMPLATE_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase());
  return near ? `did you mean {{${near}}}?` : `use one of ${FIELD_LIST}`;
}

/**
 * Splits a template into text and placeholders. Single braces are ordinary text (a brace in a sentence is
 * fine); only "{{" and "}}" must pair up. Problems are sentence fragments the caller prefixes with the field.
 */
function parseTemplate(source: string): Parsed {
  const segments: Segment[] = [];
  const problems: string[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    const close = source.indexOf("}}", i);
    if (close !== -1 && (open === -1 || close < open)) {
      problems.push(`has "}}" without a matching "{{" (unbalanced braces)`);
      text += source.slice(i, close + 2);
      i = close + 2;
      continue;
    }
    if (open === -1) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const end = source.indexOf("}}", open + 2);
    const nextOpen = source.indexOf("{{", open + 2);
    if (end === -1 || (nextOpen !== -1 && nextOpen < end)) {
      const snippet = source.slice(open, open + 20).split(/[\r\n]/)[0];
      problems.push(`has "${snippet}" that is never closed with "}}" (unbalanced braces)`);
      text += source.slice(open, open + 2);
      i = open + 2;
      continue;
    }
    const raw = source.slice(open, end + 2);
    const inner = source.slice(open + 2, end).trim();
    const problem = inner.includes("{") || inner.includes("}")
      ? `has unbalanced braces in "${raw}"`
      : !NAME.test(inner)
        ? `has "${raw}", which is not a placeholder; use one of ${FIELD_LIST}`
        : !isTemplateField(inner)
          ? `uses the unknown placeholder {{${inner}}}; ${suggest(inner)}`
          : null;
    if (problem === null && isTemplateField(inner)) {
      if (text) segments.push({ kind: "text", text });
      text = "";
      segments.push({ kind: "field", name: inner });
    } else {
      if (problem) problems.push(problem);
      text += raw;
    }
    i = end + 2;
  }
  if (text) segments.push({ kind: "text", text });
  // A single-brace "{firstName}" is the likeliest typo and would reach members as literal text.
  for (const segment of segments) {
    if (segment.kind !== "text") continue;
    for (const match of segment.text.matchAll(/(?<!\{)\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}(?!\})/g)) {
      problems.push(`has "${match[0]}" with single braces; write {{${match[1]}}}`);
    }
  }
  return { segments, problems };
}

function charCount(value: string): number {
  // Code points, not UTF-16 units, so an emoji counts as one character as a reader would count it.
  return [...value].length;
}

/** A template a language has "not filled in": both parts blank. It stands for no template (English is used). */
function isBlank(template: MessageTemplate | undefined): boolean {
  return !template || (template.subject.trim() === "" && template.body.trim() === "");
}

/**
 * Everything wrong with a campaign's templates, each naming its form field. English is required; another
 * language may be left out or left blank (both parts empty) and then gets the English message.
 */
export function templateIssues(templates: CampaignTemplates): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  // Templates arrive from a form and JSON: keys outside the type can exist at run time.
  for (const key of Object.keys(templates)) {
    if (!isLocale(key)) issues.push({ path: `templates.${key}`, message: `"${key}" is not a supported language (${LOCALES.join(", ")}).` });
  }
  for (const locale of LOCALES) {
    const template = templates[locale];
    const language = LANGUAGE_NAMES[locale];
    if (locale === "en" && !template) {
      issues.push({ path: "templates.en", message: "An English subject and body are required: English is sent to members whose language has no template." });
      continue;
    }
    if (locale !== "en" && isBlank(template)) continue;
    if (!template) continue;
    const parts = [
      ["subject", template.subject, SUBJECT_MAX_CHARS],
      ["body", template.body, BODY_MAX_CHARS],
    ] as const;
    for (const [part, value, max] of parts) {
      const path = `templates.${locale}.${part}`;
      const label = `The ${language} ${part}`;
      if (value.trim() === "") {
        issues.push({ path, message: locale === "en" ? `${label} is required.` : `${label} is empty: fill it in, or clear the ${language} subject too to send English.` });
        continue;
      }
      const count = charCount(value);
      if (count > max) issues.push({ path, message: `${label} has ${count.toLocaleString("en")} characters; at most ${max.toLocaleString("en")} are allowed.` });
      // A line break in a subject would end the Subject header and start another one (header injection).
      if (part === "subject" && /[\r\n]/.test(value)) issues.push({ path, message: `${label} contains a line break; a subject must be a single line.` });
      for (const problem of parseTemplate(value).problems) issues.push({ path, message: `${label} ${problem}${/[.?!]$/.test(problem) ? "" : "."}` });
    }
  }
  return issues;
}

/** Line breaks and other control characters in a member's data would forge lines in the body or headers. */
function singleLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

function formatDate(date: Date, locale: Locale, timeZone: string): string {
  // An invalid time zone throws a RangeError on purpose: a wrong expiry date is worse than a failed send.
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(date);
}

/** Text that may follow an empty value: the space before the value then goes too ("Hi {{firstName}}," → "Hi,"). */
const CLOSES_GAP = /^(?:[ \t\r\n]|[,.;:!?)،؛؟]|$)/;

function substitute(segments: Segment[], values: Record<TemplateField, string>): string {
  let out = "";
  let dropLeadingComma = false;
  segments.forEach((segment, index) => {
    if (segment.kind === "text") {
      out += dropLeadingComma ? segment.text.replace(/^[,;:،؛][ \t]*/, "") : segment.text;
      dropLeadingComma = false;
      return;
    }
    const value = values[segment.name];
    if (value !== "") {
      out += value;
      return;
    }
    const next = segments[index + 1];
    const following = next?.kind === "text" ? next.text : next ? "x" : "";
    if (CLOSES_GAP.test(following)) out = out.replace(/[ \t]+$/, "");
    // "{{firstName}}, your offer" with no name: "your offer", not ", your offer".
    dropLeadingComma = out === "" || out.endsWith("\n");
  });
  return out;
}

function pickTemplate(templates: CampaignTemplates, locale: Locale): { locale: Locale; template: MessageTemplate } {
  const own = templates[locale];
  if (own && !isBlank(own)) return { locale, template: own };
  return { locale: "en", template: templates.en };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function htmlDocument(locale: Locale, subject: string, text: string): string {
  const dir = directionOf(locale);
  // Blank lines separate paragraphs; single line breaks stay breaks. Escaped after splitting, so no markup
  // from the template or from a member's data ever reaches the HTML.
  const paragraphs = text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== "")
    .map((p) => `<p style="margin:0 0 16px">${p.split("\n").map(escapeHtml).join("<br>")}</p>`)
    .join("\n");
  const align = dir === "rtl" ? "right" : "left";
  return [
    "<!DOCTYPE html>",
    `<html lang="${locale}" dir="${dir}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#ffffff;color:#1f2937;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;text-align:${align}">`,
    `<div dir="${dir}" style="max-width:600px;margin:0 auto">`,
    paragraphs,
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");
}

/**
 * One member's message in their language (English when the campaign has no template in it). Throws when
 * the template has problems that templateIssues reports: a campaign is checked when saved, and sending
 * "{{fristName}}" to thousands of members is worse than a failed message the caller records.
 */
export function renderMessage(
  templates: CampaignTemplates,
  params: { locale: Locale; timeZone: string; fields: MessageFields },
): RenderedMessage {
  const { locale, template } = pickTemplate(templates, params.locale);
  const subjectParsed = parseTemplate(template.subject);
  const bodyParsed = parseTemplate(template.body);
  const problems = [...subjectParsed.problems.map((p) => `subject ${p}`), ...bodyParsed.problems.map((p) => `body ${p}`)];
  if (problems.length > 0) throw new Error(`The ${LANGUAGE_NAMES[locale]} template cannot be sent: ${problems.join("; ")}.`);

  const { fields } = params;
  const values: Record<TemplateField, string> = {
    firstName: singleLine(fields.firstName ?? ""),
    lastName: singleLine(fields.lastName ?? ""),
    offer: singleLine(fields.offer),
    code: singleLine(fields.code),
    validUntil: fields.validUntil ? formatDate(fields.validUntil, locale, params.timeZone) : "",
    campaign: singleLine(fields.campaign),
  };
  // The subject is a header: whatever the template or data hold, it leaves here as one line.
  const subject = singleLine(substitute(subjectParsed.segments, values)).replace(/ {2,}/g, " ");
  const text = substitute(bodyParsed.segments, values)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]{2,}/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { locale, subject, text, html: htmlDocument(locale, subject, text) };
}
