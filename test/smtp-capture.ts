import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 for tests: mail goes through nodemailer, the network and an SMTP
 * dialogue exactly as in production, and lands here parsed. No auth, no TLS. `rejectFirst` and
 * `rejectPermanently` make it answer like a receiving server having a bad moment or refusing a mailbox.
 */

export interface CapturedMail {
  /** The Message-ID header as sent, with its angle brackets. */
  messageId: string | null;
  /** The envelope recipients the server accepted (RCPT TO), which is who the mail was delivered to. */
  to: string[];
  /** The From header decoded, e.g. "Loyalist <no-reply@loyalist.local>". */
  from: string;
  subject: string;
  text: string;
  html: string | null;
  /** Header names in lower case; values unfolded; a repeated header's values joined by "\n". */
  headers: Record<string, string>;
  /** Content-Language. */
  language: string | null;
  receivedAt: string;
}

export interface SmtpRejection {
  stage: "rcpt" | "data";
  responseCode: number;
  to: string[];
}

export interface SmtpCaptureOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Also write each message as JSON into this folder, one file per message (for other processes: Playwright). */
  dir?: string;
  /** Answer the first n messages with "451 temporary failure" after their DATA, as a busy server does. */
  rejectFirst?: number;
  /** Refuse these recipients with "550 mailbox unavailable" at RCPT TO (case-insensitive). */
  rejectPermanently?: readonly string[];
}

export interface SmtpCapture {
  readonly port: number;
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  readonly url: string;
  /** Accepted messages in arrival order; rejected ones are not here. */
  readonly messages: CapturedMail[];
  readonly rejections: SmtpRejection[];
  /** SMTP connections opened so far: shows whether a pooled client reused its connections. */
  readonly connections: number;
  /** Resolves with the messages once at least `count` have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = responseCode;
  return error;
}

function headerRecord(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  return headers;
}

function drain(stream: SMTPServerDataStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
    stream.resume();
  });
}

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const rejections: SmtpRejection[] = [];
  const refused = new Set((options.rejectPermanently ?? []).map((a) => a.toLowerCase()));
  const waiters = new Set<() => void>();
  let dataCommands = 0;
  let connections = 0;
  let written = 0;
  if (options.dir) mkdirSync(options.dir, { recursive: true });

  const keep = (mail: CapturedMail) => {
    messages.push(mail);
    if (options.dir) {
      // Time first so names sort by arrival across restarts; the counter breaks ties within a millisecond.
      // Not named by Message-ID: a duplicate delivery must show up as a second file, not overwrite the first.
      const name = `${Date.now()}-${String(++written).padStart(6, "0")}`;
      const file = path.join(options.dir, `${name}.json`);
      // Write then rename: a reader in another process never sees half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify(mail, null, 2));
      renameSync(`${file}.tmp`, file);
    }
    for (const wake of waiters) wake();
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    banner: "Loyalist test SMTP",
    size: 10 * 1024 * 1024,
    // Open client connections (a pooled transport) would otherwise hold close() for 30 s.
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) {
        rejections.push({ stage: "rcpt", responseCode: 550, to: [address.address] });
        callback(smtpError(550, `Mailbox unavailable: ${address.address}`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((a) => a.address);
      dataCommands += 1;
      if (dataCommands <= (options.rejectFirst ?? 0)) {
        // The body must be read to the end before answering, as a real server does.
        drain(stream).then(
          () => {
            rejections.push({ stage: "data", responseCode: 451, to });
            callback(smtpError(451, "Temporary failure, try again later"));
          },
          (error: Error) => callback(error),
        );
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          const headers = headerRecord(parsed.headerLines);
          keep({
            messageId: parsed.messageId ?? null,
            to,
            from: (parsed.from?.value ?? []).map((a) => (a.name ? `${a.name} <${a.address ?? ""}>` : (a.address ?? ""))).join(", "),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
            headers,
            language: headers["content-language"] ?? null,
            receivedAt: new Date().toISOString(),
          });
          callback(null, "Message captured");
        },
        (error: Error) => callback(smtpError(451, `Could not parse the message: ${error.message}`)),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("smtp-capture: the server has no TCP address");
  const port = address.port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejections,
    get connections() {
      return connections;
    },
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve([...messages]);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`smtp-capture: waited ${timeoutMs} ms for ${count} message(s), got ${messages.length}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The messages a capture server wrote into `dir`, oldest first (for tests in another process). */
export function readCapturedMail(dir: string): CapturedMail[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")) as CapturedMail);
}
