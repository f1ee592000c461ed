/**
 * `npx tsx test/smtp-capture-cli.ts --port 2525 --dir .data/mail`: the test SMTP server (test/smtp-capture.ts)
 * as a process of its own, for the Playwright run's app server (SMTP_URL=smtp://127.0.0.1:2525). Every
 * message lands as a JSON file in --dir, where specs read it with readCapturedMail. Runs until killed.
 */
import { parseArgs } from "node:util";
import { startSmtpCapture } from "./smtp-capture";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "2525" },
      dir: { type: "string" },
      "reject-first": { type: "string", default: "0" },
    },
  });
  const port = Number(values.port);
  const rejectFirst = Number(values["reject-first"]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`);
  if (!Number.isInteger(rejectFirst) || rejectFirst < 0) throw new Error(`--reject-first must be a whole number, not ${values["reject-first"]}`);
  const capture = await startSmtpCapture({ port, dir: values.dir, rejectFirst });
  console.log(`smtp-capture: listening on ${capture.url}${values.dir ? `, writing messages to ${values.dir}` : ""}`);
  const stop = async (signal: string) => {
    console.log(`smtp-capture: ${signal}, ${capture.messages.length} message(s) captured`);
    await capture.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
