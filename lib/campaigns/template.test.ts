import { describe, expect, it } from "vitest";
import { BODY_MAX_CHARS, escapeHtml, type MessageFields, renderMessage, SUBJECT_MAX_CHARS, TEMPLATE_FIELDS, templateIssues } from "./template";
import type { CampaignTemplates } from "./types";

const valid: CampaignTemplates = {
  en: { subject: "{{firstName}}, {{offer}} is yours", body: "Hi {{firstName}} {{lastName}},\n\nUse code {{code}} by {{validUntil}}.\n{{campaign}}" },
};

// 2025-03-15 23:30 UTC is already 16 March in Berlin (UTC+1) and still 15 March in New York (UTC-4).
const LATE_EVENING_UTC = new Date("2025-03-15T23:30:00Z");

function fields(overrides: Partial<MessageFields> = {}): MessageFields {
  return { firstName: "Ada", lastName: "Lovelace", offer: "Free coffee", code: "CAFE-1234", validUntil: LATE_EVENING_UTC, campaign: "Spring back", ...overrides };
}

function paths(templates: CampaignTemplates): string[] {
  return templateIssues(templates).map((i) => i.path);
}

describe("templateIssues", () => {
  it("finds nothing wrong with an English template that uses every placeholder", () => {
    expect(TEMPLATE_FIELDS).toEqual(["firstName", "lastName", "offer", "code", "validUntil", "campaign"]);
    expect(templateIssues(valid)).toEqual([]);
  });

  it("requires an English template", () => {
    const issues = templateIssues({ de: { subject: "Hallo", body: "Text" } } as unknown as CampaignTemplates);
    expect(issues).toEqual([{ path: "templates.en", message: expect.stringContaining("English subject and body are required") }]);
  });

  it("requires the English subject and body to have text, not only spaces", () => {
    expect(templateIssues({ en: { subject: "  ", body: "" } })).toEqual([
      { path: "templates.en.subject", message: "The English subject is required." },
      { path: "templates.en.body", message: "The English body is required." },
    ]);
  });

  it("lets another language be left blank (English is sent) but not half filled in", () => {
    expect(templateIssues({ ...valid, pl: { subject: "", body: " " } })).toEqual([]);
    expect(templateIssues({ ...valid, de: { subject: "Hallo {{firstName}}", body: "" } })).toEqual([
      { path: "templates.de.body", message: "The German body is empty: fill it in, or clear the German subject too to send English." },
    ]);
  });

  it("names an unknown placeholder and suggests the right spelling of a case slip", () => {
    const issues = templateIssues({ ...valid, de: { subject: "Hallo {{firstname}}", body: "Ihr {{discount}}" } });
    expect(issues).toEqual([
      { path: "templates.de.subject", message: "The German subject uses the unknown placeholder {{firstname}}; did you mean {{firstName}}?" },
      { path: "templates.de.body", message: expect.stringContaining("The German body uses the unknown placeholder {{discount}}; use one of {{firstName}}") },
    ]);
  });

  it("reports unbalanced braces: an unclosed {{, a stray }} and a triple brace", () => {
    const issues = templateIssues({ en: { subject: "Hi {{firstName", body: "Code }} here {{{code}}}" } });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["templates.en.subject", 'The English subject has "{{firstName" that is never closed with "}}" (unbalanced braces).'],
      ["templates.en.body", 'The English body has "}}" without a matching "{{" (unbalanced braces).'],
      ["templates.en.body", 'The English body has unbalanced braces in "{{{code}}".'],
    ]);
  });

  it("catches {firstName} written with single braces but leaves other single braces alone", () => {
    expect(templateIssues({ en: { subject: "Hi {firstName}", body: "A {curly} word? No: a set {1, 2} is fine" } }).map((i) => i.message)).toEqual([
      'The English subject has "{firstName}" with single braces; write {{firstName}}.',
      'The English body has "{curly}" with single braces; write {{curly}}.',
    ]);
  });

  it(`refuses a subject of ${SUBJECT_MAX_CHARS + 1} characters and a body of ${BODY_MAX_CHARS + 1}, accepts exactly the limits`, () => {
    expect(templateIssues({ en: { subject: "s".repeat(SUBJECT_MAX_CHARS), body: "b".repeat(BODY_MAX_CHARS) } })).toEqual([]);
    expect(templateIssues({ ...valid, sv: { subject: "s".repeat(SUBJECT_MAX_CHARS + 1), body: "b".repeat(BODY_MAX_CHARS + 1) } })).toEqual([
      { path: "templates.sv.subject", message: "The Swedish subject has 201 characters; at most 200 are allowed." },
      { path: "templates.sv.body", message: "The Swedish body has 5,001 characters; at most 5,000 are allowed." },
    ]);
  });

  it("counts an emoji as one character against the subject limit", () => {
    expect(paths({ en: { subject: "🎁".repeat(SUBJECT_MAX_CHARS), body: "Body" } })).toEqual([]);
  });

  it("refuses a line break in a subject (header injection) but allows them in a body", () => {
    expect(templateIssues({ en: { subject: "Hi\r\nBcc: everyone@example.com", body: "Line one\nLine two" } })).toEqual([
      { path: "templates.en.subject", message: "The English subject contains a line break; a subject must be a single line." },
    ]);
  });

  it("names a language key that is not supported", () => {
    expect(paths({ ...valid, fr: { subject: "Salut", body: "Texte" } } as CampaignTemplates)).toEqual(["templates.fr"]);
  });
});

describe("renderMessage", () => {
  it("substitutes every placeholder into subject and text", () => {
    const message = renderMessage(valid, { locale: "en", timeZone: "Europe/Berlin", fields: fields() });
    expect(message.locale).toBe("en");
    expect(message.subject).toBe("Ada, Free coffee is yours");
    expect(message.text).toBe("Hi Ada Lovelace,\n\nUse code CAFE-1234 by March 16, 2025.\nSpring back");
  });

  it("formats 2025-03-15 23:30 UTC in the program time zone and the member's language: 16. März 2025 (de, Berlin) vs March 15, 2025 (en, New York)", () => {
    const templates: CampaignTemplates = { en: { subject: "S", body: "{{validUntil}}" }, de: { subject: "S", body: "{{validUntil}}" } };
    expect(renderMessage(templates, { locale: "de", timeZone: "Europe/Berlin", fields: fields() }).text).toBe("16. März 2025");
    expect(renderMessage(templates, { locale: "en", timeZone: "Europe/Berlin", fields: fields() }).text).toBe("March 16, 2025");
    expect(renderMessage(templates, { locale: "en", timeZone: "America/New_York", fields: fields() }).text).toBe("March 15, 2025");
  });

  it("falls back to English for a language without a template, or with a blank one", () => {
    const templates: CampaignTemplates = { ...valid, pl: { subject: "", body: "" } };
    for (const locale of ["sv", "pl"] as const) {
      const message = renderMessage(templates, { locale, timeZone: "UTC", fields: fields() });
      expect(message.locale).toBe("en");
      expect(message.subject).toBe("Ada, Free coffee is yours");
      expect(message.html).toContain('<html lang="en" dir="ltr">');
    }
  });

  it("uses the member's language when the campaign has it", () => {
    const templates: CampaignTemplates = { ...valid, de: { subject: "Hallo {{firstName}}", body: "Gültig bis {{validUntil}}." } };
    const message = renderMessage(templates, { locale: "de", timeZone: "Europe/Berlin", fields: fields() });
    expect(message).toMatchObject({ locale: "de", subject: "Hallo Ada", text: "Gültig bis 16. März 2025." });
    expect(message.html).toContain('<html lang="de" dir="ltr">');
  });

  it("writes Arabic right to left: dir=rtl on the document and the content", () => {
    const templates: CampaignTemplates = { ...valid, ar: { subject: "مرحبا {{firstName}}", body: "عرضك: {{offer}}" } };
    const message = renderMessage(templates, { locale: "ar", timeZone: "Asia/Dubai", fields: fields() });
    expect(message.locale).toBe("ar");
    expect(message.html).toContain('<html lang="ar" dir="rtl">');
    expect(message.html).toContain('<div dir="rtl"');
    expect(message.text).toBe("عرضك: Free coffee");
  });

  it("escapes a script tag, quotes and ampersands from member data and from the template itself in the HTML", () => {
    const templates: CampaignTemplates = { en: { subject: "For {{firstName}}", body: 'Dear {{firstName}} {{lastName}} <b>"bold"</b> & more' } };
    const message = renderMessage(templates, { locale: "en", timeZone: "UTC", fields: fields({ firstName: "<script>alert(1)</script>", lastName: "O'Brien & Co" }) });
    expect(message.html).not.toContain("<script>");
    expect(message.html).not.toContain("<b>");
    expect(message.html).toContain("Dear &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; Co &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more");
    expect(message.html).toContain("<title>For &lt;script&gt;alert(1)&lt;/script&gt;</title>");
    // The plain-text part is not HTML: it keeps the characters as they are.
    expect(message.text).toBe(`Dear <script>alert(1)</script> O'Brien & Co <b>"bold"</b> & more`);
  });

  it("escapes an offer name that tries to close an attribute or open an image tag", () => {
    const message = renderMessage(valid, { locale: "en", timeZone: "UTC", fields: fields({ offer: '"><img src=x onerror=alert(1)>' }) });
    expect(message.html).not.toMatch(/<img/);
    expect(message.html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("escapeHtml escapes the five characters that matter in text and attributes", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("turns blank lines into paragraphs and single line breaks into <br>", () => {
    const templates: CampaignTemplates = { en: { subject: "S", body: "One\nTwo\n\n\n\nThree" } };
    const message = renderMessage(templates, { locale: "en", timeZone: "UTC", fields: fields() });
    expect(message.text).toBe("One\nTwo\n\nThree");
    expect(message.html).toContain('<p style="margin:0 0 16px">One<br>Two</p>\n<p style="margin:0 0 16px">Three</p>');
  });

  it("renders a missing first and last name as nothing: \"Hi,\" in the body and no leading comma in the subject", () => {
    const message = renderMessage(valid, { locale: "en", timeZone: "UTC", fields: fields({ firstName: null, lastName: null }) });
    expect(message.subject).toBe("Free coffee is yours");
    expect(message.text.split("\n")[0]).toBe("Hi,");
  });

  it("keeps a line that starts with a missing name from starting with a space", () => {
    const templates: CampaignTemplates = { en: { subject: "{{firstName}} your offer", body: "{{firstName}} thanks for shopping" } };
    const message = renderMessage(templates, { locale: "en", timeZone: "UTC", fields: fields({ firstName: null }) });
    expect(message.subject).toBe("your offer");
    expect(message.text).toBe("thanks for shopping");
  });

  it("leaves no CR or LF in the subject even when a member's name contains them", () => {
    const message = renderMessage(valid, { locale: "en", timeZone: "UTC", fields: fields({ firstName: "Eve\r\nBcc: all@example.com" }) });
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject).toBe("Eve Bcc: all@example.com, Free coffee is yours");
  });

  it("renders a missing expiry date as nothing", () => {
    const templates: CampaignTemplates = { en: { subject: "S", body: "Valid until {{validUntil}}." } };
    expect(renderMessage(templates, { locale: "en", timeZone: "UTC", fields: fields({ validUntil: null }) }).text).toBe("Valid until.");
  });

  it("refuses to render a template with an unknown placeholder rather than mail it literally", () => {
    const templates: CampaignTemplates = { en: { subject: "Hi {{fristName}}", body: "Body" } };
    expect(() => renderMessage(templates, { locale: "en", timeZone: "UTC", fields: fields() })).toThrow(/unknown placeholder \{\{fristName\}\}/);
  });
});
