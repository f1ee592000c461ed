import { describe, expect, it } from "vitest";
import { median, percentile } from "./stats";

describe("bench statistics", () => {
  it("median of 1, 3, 2, 10 is (2 + 3) / 2 = 2.5 and of 5, 1, 9 is 5", () => {
    expect(median([1, 3, 2, 10])).toBe(2.5);
    expect(median([5, 1, 9])).toBe(5);
  });

  it("p95 of 1..20 by nearest rank is the 19th value, 19", () => {
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
  });
});
