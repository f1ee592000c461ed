/**
 * Per-key token buckets, held in this process's memory: a bucket holds up to a minute's allowance and
 * refills continuously at limit/60 tokens a second. Each app process keeps its own buckets, so N processes
 * behind a load balancer allow up to N times the limit; that is the price of costing no database write per
 * request (the ingestion path is measured against pgbench). docs/api.md says so.
 */
export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  take(id: string, perMinute: number, nowMs: number): TakeResult {
    const capacity = Math.max(1, perMinute);
    const perMs = capacity / 60_000;
    const bucket = this.buckets.get(id) ?? { tokens: capacity, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * perMs);
    bucket.updatedMs = nowMs;
    this.buckets.set(id, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 3000;

/** API_RATE_LIMIT_PER_MINUTE, else 3,000 requests a minute per key (50 a second sustained). */
export function defaultRateLimitPerMinute(): number {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isFinite(configured) && configured > 0 ? Math.floor(configured) : DEFAULT_RATE_LIMIT_PER_MINUTE;
}
