import { describe, expect, it } from "vitest";
import { isLockedOut, loginDelayMs, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from "./login-throttle";

describe("login throttle", () => {
  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures and an address after ${MAX_FAILURES_PER_IP}`, () => {
    expect(isLockedOut({ account: MAX_FAILURES_PER_ACCOUNT - 1, ip: 0 })).toBe(false);
    expect(isLockedOut({ account: MAX_FAILURES_PER_ACCOUNT, ip: 0 })).toBe(true);
    expect(isLockedOut({ account: 0, ip: MAX_FAILURES_PER_IP - 1 })).toBe(false);
    expect(isLockedOut({ account: 0, ip: MAX_FAILURES_PER_IP })).toBe(true);
  });

  it("slows answers by 250 ms per failure after the first, up to 2 s", () => {
    expect([0, 1, 2, 3, 4].map(loginDelayMs)).toEqual([0, 0, 250, 500, 750]);
    expect(loginDelayMs(50)).toBe(2_000);
  });
});
