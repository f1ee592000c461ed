import { openApiDocument } from "../routes";

// Public: API clients and code generators fetch it without a key. It describes the API, nothing else.
export async function GET(): Promise<Response> {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
