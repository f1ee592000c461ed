import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli";

describe("db:seed options", () => {
  it("reads --members 500 --months 6 --seed 0 --end 2025-03-01 --chunk 100", () => {
    expect(parseCliOptions(["--members", "500", "--months", "6", "--seed", "0", "--end", "2025-03-01", "--chunk", "100"])).toEqual({
      members: 500,
      months: 6,
      seed: 0,
      end: new Date("2025-03-01T00:00:00Z"),
      chunkSize: 100,
    });
  });

  it("defaults to 20,000 members over 24 months with seed 1, ending at today's UTC midnight", () => {
    const options = parseCliOptions([]);
    const now = new Date();
    expect(options).toMatchObject({ members: 20_000, months: 24, seed: 1, chunkSize: undefined });
    expect(options.end.getTime()).toBe(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  });

  it("refuses a member count of 0, a fractional seed, a malformed end date and unknown flags, naming the option", () => {
    expect(() => parseCliOptions(["--members", "0"])).toThrow(/--members/);
    expect(() => parseCliOptions(["--seed", "1.5"])).toThrow(/--seed/);
    expect(() => parseCliOptions(["--end", "01/03/2025"])).toThrow(/--end/);
    expect(() => parseCliOptions(["--end", "2025-02-30"])).toThrow(/--end/);
    expect(() => parseCliOptions(["--force"])).toThrow();
  });
});
