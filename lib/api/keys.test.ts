import { describe, expect, it } from "vitest";
import { apiKeySecretMatches, generateApiKey, hashApiKeySecret, maskedApiKey, parseApiKey } from "./keys";

describe("API keys", () => {
  it("look like lk_live_<12 hex>_<43 base64url> and parse back into their parts", () => {
    const key = generateApiKey();
    expect(key.token).toMatch(/^lk_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parts = parseApiKey(key.token);
    expect(parts?.publicId).toBe(key.publicId);
    expect(hashApiKeySecret(parts!.secret)).toBe(key.secretHash);
    expect(maskedApiKey(key.publicId)).toBe(`lk_live_${key.publicId}_…`);
  });

  it("carry 256 random bits: a thousand keys share no public id or secret", () => {
    const keys = Array.from({ length: 1000 }, generateApiKey);
    expect(new Set(keys.map((k) => k.publicId)).size).toBe(1000);
    expect(new Set(keys.map((k) => k.secretHash)).size).toBe(1000);
    // 43 base64url characters hold 258 bits; the last carries 4 of them, so 32 bytes exactly.
    expect(Buffer.from(parseApiKey(keys[0]!.token)!.secret, "base64url")).toHaveLength(32);
  });

  it("store a SHA-256 hex hash, never the secret, and match only the right secret", () => {
    const key = generateApiKey();
    const secret = parseApiKey(key.token)!.secret;
    expect(key.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secretHash).not.toContain(secret);
    expect(apiKeySecretMatches(secret, key.secretHash)).toBe(true);
    expect(apiKeySecretMatches(`${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`, key.secretHash)).toBe(false);
    expect(apiKeySecretMatches(secret, "abcd")).toBe(false);
  });

  it("refuse tokens of another shape", () => {
    const { token } = generateApiKey();
    for (const bad of ["", "lk_live_", token.replace("lk_live_", "lk_test_"), `${token}x`, token.slice(0, -1), ` ${token}`]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });
});
