import type { ApiChannel, EngagementChannel } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { ApiPrincipal } from "./auth";

/** Which engagement channels a key's channels cover: the web shop's key also sends its e-mail events. */
const ENGAGEMENT_CHANNELS: Record<ApiChannel, readonly EngagementChannel[]> = {
  pos: ["pos"],
  online: ["web", "email"],
  app: ["app"],
  social: ["social"],
};

export function keyReachesStore(key: Pick<ApiPrincipal, "storeIds">, storeId: string): boolean {
  return key.storeIds === null || key.storeIds.includes(storeId);
}

/** 403 unless the key may act for this store; `field` names the request field that chose the store. */
export function requireStore(key: Pick<ApiPrincipal, "storeIds">, storeId: string, field: string): void {
  if (!keyReachesStore(key, storeId)) {
    throw new AppError("forbidden", "This API key may not act for that store.", { [field]: ["Outside this API key's stores."] });
  }
}

/** 403 unless the key holds the channel. */
export function requireChannel(key: Pick<ApiPrincipal, "channels">, channel: ApiChannel, field: string): void {
  if (!key.channels.includes(channel)) {
    throw new AppError("forbidden", "This API key may not send for that channel.", { [field]: ["Outside this API key's channels."] });
  }
}

export function keyReachesEngagementChannel(key: Pick<ApiPrincipal, "channels">, channel: EngagementChannel): boolean {
  return key.channels.some((c) => ENGAGEMENT_CHANNELS[c].includes(channel));
}
