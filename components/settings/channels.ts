import type { ApiChannel } from "@/db/schema/api";

/** In the order the forms list them. */
export const API_CHANNELS: readonly ApiChannel[] = ["pos", "online", "app", "social"];
