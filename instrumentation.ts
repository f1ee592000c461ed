// Opens and migrates the database when the server starts, so the first request does not pay for it and a
// broken migration stops the server at boot rather than on a user's click; then starts the job runner
// (lib/jobs: webhook deliveries, clean-ups and the program's scheduled work) in this process.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDbHandle } = await import("./db/index");
  const handle = await getDbHandle();
  await import("./lib/jobs/schedule");
  const { startJobRunner } = await import("./lib/jobs/runner");
  startJobRunner(handle.db);
}
