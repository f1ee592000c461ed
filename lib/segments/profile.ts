/**
 * What a segment's profile holds (db/queries/segments-count.ts computes it): plain data, so the builder
 * (client) and the segment page (server) draw it alike.
 */
export const PROFILE_FEATURES = [
  "recency_days",
  "purchases",
  "net_spend",
  "avg_basket",
  "spend_90d",
  "share_online",
  "share_app",
  "weekend_share",
  "days_since_engagement",
  "age",
  "tenure_days",
] as const;
export type ProfileFeature = (typeof PROFILE_FEATURES)[number];

export const RECENCY_BUCKETS = ["0-30", "31-90", "91-180", "181-365", "366+", "never"] as const;
export type RecencyBucket = (typeof RECENCY_BUCKETS)[number];

export interface SegmentProfile {
  count: number;
  total: number;
  /** Mean of each feature over the members who have a value, in the segment and in the whole scope. */
  means: Record<ProfileFeature, { segment: number | null; all: number | null }>;
  /** Members by days since their last purchase. */
  recency: Record<RecencyBucket, { segment: number; all: number }>;
}

export interface SegmentSize {
  /** Members in the segment (within the scope). */
  count: number;
  /** Members in the scope (not erased). */
  total: number;
  /** count / total; null when the scope holds no member. */
  shareOfMembers: number | null;
  /** Net spend of the segment's members over the revenue window (program currency, minor units). */
  revenueMinor: number;
  /** The same for every member in the scope. */
  totalRevenueMinor: number;
  /** revenueMinor / totalRevenueMinor; null when members' revenue is not positive. */
  shareOfRevenue: number | null;
}
