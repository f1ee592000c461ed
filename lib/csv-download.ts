/**
 * A CSV file download streamed from lines produced on demand (an async generator reading the database in
 * batches), so a long file never sits in memory. Stopping the download stops the generator. The name is
 * given twice: plain ASCII for old clients, and UTF-8 (RFC 5987) for the rest.
 */
export function csvDownload(lines: AsyncGenerator<string>, filename: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, "_").replaceAll('"', "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
    },
  });
}
