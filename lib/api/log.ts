export interface ApiRequestLog {
  requestId: string | null;
  /** The key's public id (never the secret); null when the request had no valid key. */
  apiKey: string | null;
  method: string;
  path: string;
  status: number;
  replayed: boolean;
  ms: number;
}

/** One JSON line per public API request on stdout, for the platform's log collector. */
export function logApiRequest(entry: ApiRequestLog): void {
  console.info(JSON.stringify({ event: "api_request", ...entry }));
}
