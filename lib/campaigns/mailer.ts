import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type SMTPPool from "nodemailer/lib/smtp-pool";

/**
 * Campaign e-mail over SMTP (docs/campaigns-delivery.md). Delivery is at least once: a message whose
 * answer was lost is sent again, with the same Message-ID, so a receiver that keeps Message-IDs drops the
 * repeat. The caller (the delivery job) owns retries; this module sends once and says whether trying again
 * can help.
 */

export const DEFAULT_MAIL_FROM = "Loyalist <no-reply@loyalist.local>";

/** At most this many SMTP connections at once; each is reused for up to MAX_MESSAGES_PER_CONNECTION mails. */
const MAX_CONNECTIONS = 4;
const MAX_MESSAGES_PER_CONNECTION = 100;
/** Far below nodemailer's defaults (2 min to connect, 10 min idle): a dead server should fail a run fast and be retried. */
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

export interface MailTransport {
  /** The From header of every campaign mail (MAIL_FROM). */
  readonly from: string;
  readonly transporter: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  /** Closes the pooled connections (a mail in progress finishes first). */
  close(): void;
}

export interface CampaignMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The campaign_messages row's id: the Message-ID is derived from it, so every retry carries the same one. */
  messageId: string | number;
  /** The language the message was rendered in (Content-Language). */
  locale: string;
  /** Where a member unsubscribes; becomes the List-Unsubscribe header when given. */
  unsubscribeUrl?: string;
  headers?: Readonly<Record<string, string>>;
}

export interface MailSent {
  accepted: boolean;
  /** The server's last answer, e.g. "250 OK: message queued". */
  response: string;
}

/**
 * A send that failed. `permanent` means the server refused this message or recipient (5xx) or the mail
 * itself is invalid: sending it again cannot succeed. Everything else (4xx, a refused or dropped
 * connection, a timeout, a TLS or login problem) may pass later and is worth a retry.
 */
export class MailSendError extends Error {
  readonly permanent: boolean;
  /** The SMTP reply code (451, 550, ...), null when the server never answered (connection errors). */
  readonly responseCode: number | null;
  /** Nodemailer's error code (ECONNECTION, EENVELOPE, EMESSAGE, EAUTH, ...), when there is one. */
  readonly code: string | null;

  constructor(message: string, details: { permanent: boolean; responseCode: number | null; code: string | null; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = "MailSendError";
    this.permanent = details.permanent;
    this.responseCode = details.responseCode;
    this.code = details.code;
  }
}

/** The SMTP transport from SMTP_URL and MAIL_FROM, or null when SMTP_URL is not set (e-mail is then off). */
export function mailTransportFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): MailTransport | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the value: it usually carries the SMTP password.
    throw new Error("SMTP_URL is not a URL; expected smtp://host:port or smtps://user:password@host:465.");
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//.`);
  }
  const from = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  // Parsed here, not passed as `url`: given a `url`, nodemailer keeps only what the URL says and silently
  // drops every other option (the pool among them). Query parameters of SMTP_URL still apply and win over
  // the defaults (e.g. ?maxConnections=2 for a relay with a low limit, ?requireTLS=true).
  const transporter = nodemailer.createTransport({
    maxConnections: MAX_CONNECTIONS,
    maxMessages: MAX_MESSAGES_PER_CONNECTION,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    ...parseConnectionUrl(url),
    pool: true,
    // Campaign mails are strings only: no template may make nodemailer read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return { from, transporter, close: () => transporter.close() };
}

/** The Message-ID of a campaign message: one per message row, never per attempt. */
export function campaignMessageId(messageId: string | number): string {
  return `<campaign-message-${messageId}@loyalist>`;
}

function invalid(message: string): MailSendError {
  return new MailSendError(message, { permanent: true, responseCode: null, code: "EINVALID" });
}

function hasLineBreak(value: string): boolean {
  return /[\r\n]/.test(value);
}

/** Sends one campaign mail. Throws MailSendError; `isPermanentMailError` tells a retry from giving up. */
export async function sendCampaignMail(transport: MailTransport, mail: CampaignMail): Promise<MailSent> {
  // Every value below becomes a header: a CR or LF would let it add headers of its own.
  if (!/^[A-Za-z0-9._-]+$/.test(String(mail.messageId))) throw invalid(`Message id "${mail.messageId}" may hold only letters, digits, ".", "_" and "-".`);
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(mail.locale)) throw invalid(`"${mail.locale}" is not a language tag.`);
  if (mail.unsubscribeUrl !== undefined && (hasLineBreak(mail.unsubscribeUrl) || !/^(?:https?|mailto):/i.test(mail.unsubscribeUrl))) {
    throw invalid("The unsubscribe URL must be a single-line http(s) or mailto URL.");
  }
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(name) || hasLineBreak(value)) throw invalid(`Header "${name}" has an invalid name or a line break in its value.`);
  }
  try {
    const info = await transport.transporter.sendMail({
      from: transport.from,
      to: mail.to,
      // renderMessage already gives one line; this keeps a caller who built the subject elsewhere safe too.
      subject: mail.subject.replace(/[\r\n]+/g, " "),
      text: mail.text,
      html: mail.html,
      messageId: campaignMessageId(mail.messageId),
      headers: { ...mail.headers, "Content-Language": mail.locale },
      ...(mail.unsubscribeUrl ? { list: { unsubscribe: mail.unsubscribeUrl } } : {}),
    });
    return { accepted: info.accepted.length > 0 && info.rejected.length === 0, response: info.response };
  } catch (error) {
    throw toMailSendError(error);
  }
}

interface NodemailerErrorFields {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

function fieldsOf(error: unknown): { code: string | null; responseCode: number | null; command: string | null } {
  const e = (typeof error === "object" && error !== null ? error : {}) as NodemailerErrorFields;
  return {
    code: typeof e.code === "string" ? e.code : null,
    responseCode: typeof e.responseCode === "number" ? e.responseCode : null,
    command: typeof e.command === "string" ? e.command : null,
  };
}

/**
 * Permanent: the server answered 5xx to this mail's envelope or content (EENVELOPE at MAIL FROM / RCPT TO,
 * EMESSAGE at DATA), or nodemailer refused the mail itself before sending (no valid recipient, too large).
 * A 5xx to the login (EAUTH) is not: wrong credentials fail every mail alike and are fixed by an operator,
 * after which the queue should drain, not be dead. The caller's attempt limit still bounds such retries.
 */
function isPermanent(code: string | null, responseCode: number | null): boolean {
  if (code !== "EENVELOPE" && code !== "EMESSAGE") return false;
  return responseCode === null || (responseCode >= 500 && responseCode < 600);
}

function toMailSendError(error: unknown): MailSendError {
  if (error instanceof MailSendError) return error;
  const { code, responseCode, command } = fieldsOf(error);
  const permanent = isPermanent(code, responseCode);
  const reason = error instanceof Error ? error.message : String(error);
  const kind = permanent ? "permanent" : "temporary";
  const where = command ? ` at ${command}` : "";
  const head = responseCode !== null ? `SMTP ${responseCode} (${kind}${where})` : `${code ?? "Mail error"} (${kind}${where})`;
  return new MailSendError(`${head}: ${reason}`, { permanent, responseCode, code, cause: error });
}

/** True when sending the same mail again cannot succeed (5xx, invalid mail); false means retry later. */
export function isPermanentMailError(error: unknown): boolean {
  if (error instanceof MailSendError) return error.permanent;
  const { code, responseCode } = fieldsOf(error);
  return isPermanent(code, responseCode);
}
