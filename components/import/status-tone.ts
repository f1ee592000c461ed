import type { ImportStatus } from "@/db/schema/imports";

/** The badge colour of each import status, the same in the history and on the progress bar. */
export const STATUS_TONE = { uploaded: "neutral", running: "brand", succeeded: "good", failed: "bad" } as const satisfies Record<ImportStatus, string>;
