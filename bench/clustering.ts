/**
 * `tsx bench/clustering.ts [--rows 1000000] [--cols 20] [--clusters 8] [--k-min 3] [--k-max 10] [--sample 3000] [--seed 1]`
 *
 * Times the AI micro-segment model on synthetic members: standardizing, choosing k by silhouette on a
 * sample (mini-batch k-means for every candidate k), and assigning every row; prints the silhouette per k,
 * the adjusted Rand index of the result against the planted clusters, and the process's peak memory.
 */
import { adjustedRandIndex } from "../lib/models/clustering/ari";
import { assignClusters } from "../lib/models/clustering/kmeans";
import { seededUniform } from "../lib/models/clustering/random";
import { chooseK } from "../lib/models/clustering/select-k";
import { standardize } from "../lib/models/clustering/standardize";
import { blobs } from "../lib/models/clustering/synthetic";
import { argValue } from "../scripts/runtime";
import { fmtMs } from "./stats";

const rows = Number(argValue("rows", "1000000"));
const cols = Number(argValue("cols", "20"));
const clusters = Number(argValue("clusters", "8"));
const kMin = Number(argValue("k-min", "3"));
const kMax = Number(argValue("k-max", "10"));
const sample = Number(argValue("sample", "3000"));
const seed = Number(argValue("seed", "1"));

function timed<T>(label: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  console.log(`${label.padEnd(44)} ${fmtMs(performance.now() - started)}`);
  return result;
}

// Planted centres 4 apart in random directions, noise of +-3 per coordinate: clusters that overlap at their edges.
const uniform = seededUniform(seed, 7);
const centres = Array.from({ length: clusters }, () => Array.from({ length: cols }, () => Math.round(uniform() * 2) * 4));
const { m, truth } = timed(`generate ${rows.toLocaleString("en")} x ${cols}`, () => blobs(centres, Math.ceil(rows / clusters), 3, seed));
const { matrix } = timed("standardize", () => standardize(m, { transforms: new Array(cols).fill("identity") }));
const started = performance.now();
const choice = timed(`choose k in ${kMin}..${kMax} (silhouette on ${sample})`, () => chooseK(matrix, { seed, kMin, kMax, silhouetteSample: sample }));
const assignment = timed(`assign all rows (k = ${choice.k})`, () => assignClusters(matrix, choice.model.centroids, choice.k));
console.log(`${"total: choose k + assign".padEnd(44)} ${fmtMs(performance.now() - started)}`);
console.log(`silhouette by k: ${choice.candidates.map((c) => `${c.k}: ${c.silhouette.toFixed(3)}`).join(", ")}`);
console.log(`chosen k ${choice.k} (planted ${clusters}); adjusted Rand index against the planted clusters ${adjustedRandIndex(assignment.labels, truth).toFixed(3)}`);
console.log(`peak resident memory ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
