// Opens and migrates the database when the server starts, so the first request does not pay for it and a
// broken migration stops the server at boot rather than on a user's click.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDbHandle } = await import("./db/index");
  await getDbHandle();
}
