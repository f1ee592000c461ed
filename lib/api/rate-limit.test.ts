import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./rate-limit";

describe("token buckets", () => {
  it("allow 60 requests at once at 60 a minute, refuse the 61st for 1 s, then allow one a second", () => {
    const buckets = new TokenBuckets();
    const t0 = 1_000_000;
    for (let i = 0; i < 60; i++) expect(buckets.take("k", 60, t0).ok).toBe(true);
    expect(buckets.take("k", 60, t0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take("k", 60, t0 + 999).ok).toBe(false);
    expect(buckets.take("k", 60, t0 + 1_000)).toEqual({ ok: true, remaining: 0 });
    expect(buckets.take("k", 60, t0 + 1_000).ok).toBe(false);
  });

  it("say how long to wait: at 6 a minute one token takes 10 s", () => {
    const buckets = new TokenBuckets();
    for (let i = 0; i < 6; i++) buckets.take("k", 6, 0);
    expect(buckets.take("k", 6, 0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(buckets.take("k", 6, 4_000)).toEqual({ ok: false, retryAfterSeconds: 6 });
  });

  it("refill no higher than a minute's allowance and keep keys apart", () => {
    const buckets = new TokenBuckets();
    buckets.take("a", 3, 0);
    // An hour idle refills to 3, not 180.
    let allowed = 0;
    while (buckets.take("a", 3, 3_600_000).ok) allowed++;
    expect(allowed).toBe(3);
    expect(buckets.take("b", 3, 3_600_000)).toEqual({ ok: true, remaining: 2 });
  });
});
