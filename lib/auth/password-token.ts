import { createHash, randomBytes } from "node:crypto";

/** How long an invitation or reset link works. */
export const PASSWORD_TOKEN_HOURS = { invite: 72, reset: 24 } as const;

/** A fresh one-time token (256 random bits, URL-safe) and the hash that is stored in its place. */
export function createPasswordToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashPasswordToken(token) };
}

/** SHA-256 suffices (no bcrypt): the token has 256 bits of entropy, so there is nothing to brute-force. */
export function hashPasswordToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
