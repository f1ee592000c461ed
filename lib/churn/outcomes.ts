/** What came of contacting an at-risk member: kept (bought again), no answer, said no, or lost for good. */
export const CONTACT_OUTCOMES = ["retained", "no_response", "declined", "lost"] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
