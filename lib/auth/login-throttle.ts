/**
 * Password-guessing limits: after MAX_FAILURES_PER_ACCOUNT failed attempts on one account (or
 * MAX_FAILURES_PER_IP from one address) within WINDOW_MINUTES, sign-in is refused until the window passes,
 * even with the right password. Failures before that are slowed by a growing delay.
 */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export function isLockedOut(failures: { account: number; ip: number }): boolean {
  return failures.account >= MAX_FAILURES_PER_ACCOUNT || failures.ip >= MAX_FAILURES_PER_IP;
}

/** Milliseconds to wait before answering a sign-in, growing with recent failures (0, 0, 250, 500, ...). */
export function loginDelayMs(accountFailures: number): number {
  return Math.min(Math.max(0, accountFailures - 1) * 250, 2_000);
}
