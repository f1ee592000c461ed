import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCapturedMail, type SmtpCapture, type SmtpCaptureOptions, startSmtpCapture } from "@/test/smtp-capture";
import { type CampaignMail, DEFAULT_MAIL_FROM, isPermanentMailError, MailSendError, type MailTransport, mailTransportFromEnv, sendCampaignMail } from "./mailer";
import { renderMessage } from "./template";

// Every test starts its own server on a free port of 127.0.0.1 and its own pooled transport; both close after it.
const open: Array<{ close(): unknown }> = [];

afterEach(async () => {
  // Transports first: the server's close waits for its client connections.
  for (const handle of open.splice(0).reverse()) await handle.close();
});

async function setUp(options: SmtpCaptureOptions = {}, env: Record<string, string> = {}): Promise<{ capture: SmtpCapture; transport: MailTransport }> {
  const capture = await startSmtpCapture(options);
  open.push(capture);
  const transport = mailTransportFromEnv({ SMTP_URL: capture.url, ...env });
  if (!transport) throw new Error("expected a transport");
  open.push(transport);
  return { capture, transport };
}

function mail(overrides: Partial<CampaignMail> = {}): CampaignMail {
  const id = crypto.randomUUID();
  return { to: `member-${id}@example.com`, subject: "Your offer", text: "Hello", html: "<p>Hello</p>", messageId: id, locale: "en", ...overrides };
}

async function sendError(promise: Promise<unknown>): Promise<MailSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MailSendError)) throw new Error(`expected a MailSendError, got ${String(error)}`);
  return error;
}

describe("mailTransportFromEnv", () => {
  it("is null when SMTP_URL is not set or blank (e-mail off)", () => {
    expect(mailTransportFromEnv({})).toBeNull();
    expect(mailTransportFromEnv({ SMTP_URL: "  " })).toBeNull();
  });

  it("refuses a URL that is not smtp:// or smtps:// without echoing the password", () => {
    expect(() => mailTransportFromEnv({ SMTP_URL: "https://user:secret@example.com" })).toThrow(/must start with smtp:\/\/ or smtps:\/\//);
    expect(() => mailTransportFromEnv({ SMTP_URL: "not a url secret" })).toThrow(/^SMTP_URL is not a URL/);
    expect(() => mailTransportFromEnv({ SMTP_URL: "not a url secret" })).not.toThrow(/secret/);
  });

  it("sends from MAIL_FROM, or from the default sender when it is unset", async () => {
    const { capture, transport } = await setUp({}, { MAIL_FROM: "Café Club <club@example.com>" });
    await sendCampaignMail(transport, mail());
    const defaulted = mailTransportFromEnv({ SMTP_URL: capture.url });
    open.push(defaulted!);
    expect(defaulted!.from).toBe(DEFAULT_MAIL_FROM);
    await sendCampaignMail(defaulted!, mail());
    expect(capture.messages.map((m) => m.from)).toEqual(["Café Club <club@example.com>", "Loyalist <no-reply@loyalist.local>"]);
  });
});

describe("sendCampaignMail over SMTP", () => {
  it("delivers a rendered mail with Message-ID <campaign-message-{id}@loyalist>, Content-Language, subject and escaped HTML", async () => {
    const { capture, transport } = await setUp();
    const rendered = renderMessage(
      { en: { subject: "Hi {{firstName}}", body: "Dear {{firstName}},\n\nUse {{code}}." }, de: { subject: "Hallo {{firstName}}", body: "Hallo {{firstName}},\n\nCode {{code}}." } },
      { locale: "de", timeZone: "Europe/Berlin", fields: { firstName: "<script>alert(1)</script>", lastName: null, offer: "Kaffee", code: "K-1", validUntil: null, campaign: "Frühling" } },
    );
    const sent = mail({ subject: rendered.subject, text: rendered.text, html: rendered.html, locale: rendered.locale });
    const result = await sendCampaignMail(transport, sent);
    expect(result.accepted).toBe(true);
    expect(result.response).toMatch(/^250 /);

    const [received] = await capture.waitFor(1);
    expect(received).toMatchObject({
      messageId: `<campaign-message-${sent.messageId}@loyalist>`,
      to: [sent.to],
      subject: "Hallo <script>alert(1)</script>",
      language: "de",
      text: "Hallo <script>alert(1)</script>,\n\nCode K-1.",
    });
    expect(received!.headers["content-language"]).toBe("de");
    expect(received!.html).toContain("Hallo &lt;script&gt;alert(1)&lt;/script&gt;,");
    expect(received!.html).not.toContain("<script>");
    expect(received!.headers["list-unsubscribe"]).toBeUndefined();
  });

  it("adds List-Unsubscribe when an unsubscribe URL is given, and takes a numeric message id (a campaign_messages row)", async () => {
    const { capture, transport } = await setUp();
    await sendCampaignMail(transport, mail({ messageId: 42, unsubscribeUrl: "https://loyalist.local/unsubscribe/abc" }));
    const [received] = await capture.waitFor(1);
    expect(received!.messageId).toBe("<campaign-message-42@loyalist>");
    expect(received!.headers["list-unsubscribe"]).toBe("<https://loyalist.local/unsubscribe/abc>");
  });

  it("keeps a CR LF in the subject from adding a header", async () => {
    const { capture, transport } = await setUp();
    await sendCampaignMail(transport, mail({ subject: "Offer\r\nBcc: everyone@example.com" }));
    const [received] = await capture.waitFor(1);
    expect(received!.subject).toBe("Offer Bcc: everyone@example.com");
    expect(received!.headers.bcc).toBeUndefined();
  });

  it("refuses a message id or header value with a line break, permanently and before connecting", async () => {
    const { capture, transport } = await setUp();
    const badId = await sendError(sendCampaignMail(transport, mail({ messageId: "x>\r\nBcc: a@example.com" })));
    expect(badId.permanent).toBe(true);
    const badHeader = await sendError(sendCampaignMail(transport, mail({ headers: { "X-Campaign": "a\r\nBcc: a@example.com" } })));
    expect(isPermanentMailError(badHeader)).toBe(true);
    expect(capture.connections).toBe(0);
  });

  it("after a 451 to the first attempt, the retry of the same message arrives once with the same Message-ID", async () => {
    const { capture, transport } = await setUp({ rejectFirst: 1 });
    const sent = mail();
    const first = await sendError(sendCampaignMail(transport, sent));
    expect(first.responseCode).toBe(451);
    expect(first.message).toContain("SMTP 451 (temporary");
    expect(isPermanentMailError(first)).toBe(false);
    expect(capture.messages).toHaveLength(0);

    await sendCampaignMail(transport, sent);
    // The server adds a message before it answers 250, so the count is final once the send resolved.
    expect(capture.rejections).toEqual([{ stage: "data", responseCode: 451, to: [sent.to] }]);
    expect(capture.messages.map((m) => m.messageId)).toEqual([`<campaign-message-${sent.messageId}@loyalist>`]);
  });

  it("a 550 for a refused mailbox is permanent and nothing is delivered", async () => {
    const gone = `gone-${crypto.randomUUID()}@example.com`;
    const { capture, transport } = await setUp({ rejectPermanently: [gone] });
    const error = await sendError(sendCampaignMail(transport, mail({ to: gone })));
    expect(error.responseCode).toBe(550);
    expect(error.message).toContain("SMTP 550 (permanent at RCPT TO)");
    expect(isPermanentMailError(error)).toBe(true);
    expect(capture.messages).toHaveLength(0);
    // The pooled connection survives a refused recipient: the next member's mail still goes out.
    await sendCampaignMail(transport, mail());
    expect(capture.messages).toHaveLength(1);
  });

  it("a refused connection is temporary, with no SMTP code", async () => {
    const closed = await startSmtpCapture();
    await closed.close();
    const transport = mailTransportFromEnv({ SMTP_URL: closed.url })!;
    open.push(transport);
    const error = await sendError(sendCampaignMail(transport, mail()));
    expect(error.responseCode).toBeNull();
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/\(temporary/);
  });

  it("sends 24 mails at once over at most 4 pooled connections", async () => {
    const { capture, transport } = await setUp();
    const results = await Promise.all(Array.from({ length: 24 }, () => sendCampaignMail(transport, mail())));
    expect(results.every((r) => r.accepted)).toBe(true);
    expect(capture.messages).toHaveLength(24);
    expect(capture.connections).toBeGreaterThan(0);
    expect(capture.connections).toBeLessThanOrEqual(4);
  });
});

describe("smtp-capture", () => {
  it("writes each message as a JSON file another process can read, a repeated Message-ID as a second file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "loyalist-mail-"));
    try {
      const { capture, transport } = await setUp({ dir });
      const sent = mail({ locale: "sv" });
      await sendCampaignMail(transport, sent);
      await sendCampaignMail(transport, sent);
      await capture.waitFor(2);
      const files = readCapturedMail(dir);
      expect(files.map((m) => [m.messageId, m.language, m.to[0]])).toEqual([
        [`<campaign-message-${sent.messageId}@loyalist>`, "sv", sent.to],
        [`<campaign-message-${sent.messageId}@loyalist>`, "sv", sent.to],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("waitFor rejects with the count it got when the time runs out", async () => {
    const { capture } = await setUp();
    await expect(capture.waitFor(1, 50)).rejects.toThrow("waited 50 ms for 1 message(s), got 0");
  });
});
