/** Milliseconds in a day of 24 hours: day arithmetic on instants (windows, recency, ages of rows). */
export const DAY_MS = 86_400_000;
