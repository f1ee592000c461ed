// `npm run dev`: the Next dev server with a local AUTH_SECRET (see runtime.ts).
import { ensureAuthSecret, runNext } from "./runtime";

ensureAuthSecret();
runNext(["dev", ...process.argv.slice(2)]).then((code) => process.exit(code));
