/**
 * `npm run worker`: a process that runs the job queue alone (lib/jobs: webhook deliveries, the feature queue,
 * churn scoring and the rest of the schedule) and serves no requests. Web processes started with
 * JOBS_ENABLED=false beside one or more workers keep CPU-heavy jobs (a model training, a full re-score) off
 * the event loop that answers the API: docs/jobs.md, "Processes". Stops at SIGTERM or SIGINT after the
 * pass in progress.
 */
import { getDbHandle } from "../db/index";
import "../lib/jobs/schedule";
import { startJobRunner } from "../lib/jobs/runner";

async function main(): Promise<void> {
  if (process.env.JOBS_ENABLED === "false") throw new Error("JOBS_ENABLED=false: a worker with its runner off would do nothing");
  const handle = await getDbHandle();
  const runner = startJobRunner(handle.db);
  // The runner's timer is unref'd (it never keeps a web process alive): this one keeps the worker up.
  const keepAlive = setInterval(() => {}, 60_000);
  console.log("worker: running jobs");
  const stop = async (signal: string) => {
    console.log(`worker: ${signal}, stopping after the pass in progress`);
    clearInterval(keepAlive);
    await runner.stop();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
