import { z } from "zod";

/** The name and description every way of saving a segment takes (builder, RFM, clusters). */
export const segmentName = z.string().trim().min(1, { error: "Give the segment a name." }).max(120, { error: "At most 120 characters." });
export const segmentDescription = z
  .string()
  .trim()
  .max(1000, { error: "At most 1000 characters." })
  .optional()
  .transform((d) => d || null);
