import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API key format: `lk_live_<publicId>_<secret>`. The public id (12 hex characters) finds the row and may be
 * shown and logged; the secret is 32 random bytes (256 bits) in base64url and is shown once, at creation.
 *
 * Only SHA-256 of the secret is stored. A slow password hash (bcrypt, argon2) exists to make guessing a
 * low-entropy human password expensive; a uniformly random 256-bit secret cannot be guessed whatever the
 * hash speed, so a fast hash loses nothing and keeps authentication to microseconds on every API request
 * (bcrypt would add ~50 ms to each). Comparison is constant-time all the same.
 */
export const API_KEY_PREFIX = "lk_live_";

const TOKEN = /^lk_live_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKeySecret {
  publicId: string;
  /** The whole key to hand to the caller, once. */
  token: string;
  secretHash: string;
}

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function generateApiKey(): NewApiKeySecret {
  const publicId = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { publicId, token: `${API_KEY_PREFIX}${publicId}_${secret}`, secretHash: hashApiKeySecret(secret) };
}

/** Splits a presented key into its parts; null when it does not have the key's shape. */
export function parseApiKey(token: string): { publicId: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { publicId: match[1]!, secret: match[2]! } : null;
}

export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** How a key is shown after creation: its public part only. */
export function maskedApiKey(publicId: string): string {
  return `${API_KEY_PREFIX}${publicId}_…`;
}
