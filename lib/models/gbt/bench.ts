import { featureMatrix } from "../matrix";
import { rocAuc } from "../metrics";
import { SeededRandom } from "../random";
import { sigmoid } from "./model";
import { featureImportances, predictProbabilities, trainGbt } from "./index";

/** Rows with a nonlinear churn signal in five of `features` columns (one with missing values), the rest noise. */
function synthetic(rows: number, features: number, seed: number) {
  const random = new SeededRandom(seed);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < features; f++) (columns[f] as Float64Array)[i] = f === 4 && random.uniform() < 0.2 ? Number.NaN : random.uniform() * 10 - 5;
    const x = (f: number) => (columns[f] as Float64Array)[i] as number;
    const margin = 0.8 * x(0) - 0.5 * x(1) * Math.sign(x(2)) + Math.sin(x(3)) + (Number.isNaN(x(4)) ? 1.5 : 0);
    labels[i] = random.uniform() < sigmoid(margin) ? 1 : 0;
  }
  return { features: featureMatrix(Array.from({ length: features }, (_, f) => `f${f}`), columns), labels };
}

function cpuSeconds(since: NodeJS.CpuUsage): string {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(1);
}

/**
 * Times the GBT at the sizes the issue names: training on 200k rows x 30 features (early stopping on 20%
 * of them), scoring 1M rows. Wall and CPU seconds both, since on a shared machine the wall clock also
 * measures the neighbours.
 */
export function benchGbt(trainRows = 200_000, scoreRows = 1_000_000, features = 30): string {
  const train = synthetic(trainRows, features, 1);
  const score = synthetic(scoreRows, features, 2);
  let wall = performance.now();
  let cpu = process.cpuUsage();
  const model = trainGbt({ features: train.features, labels: train.labels });
  const trainLine = `train ${trainRows.toLocaleString("en")} x ${features}: ${((performance.now() - wall) / 1000).toFixed(1)} s wall, ${cpuSeconds(cpu)} s CPU, ${model.trees.length} trees`;
  wall = performance.now();
  cpu = process.cpuUsage();
  const p = predictProbabilities(model, score.features);
  const scoreLine = `score ${scoreRows.toLocaleString("en")} rows: ${((performance.now() - wall) / 1000).toFixed(1)} s wall, ${cpuSeconds(cpu)} s CPU`;
  const top = featureImportances(model)
    .slice(0, 5)
    .map((i) => i.feature)
    .join(", ");
  return [trainLine, scoreLine, `held-out AUC ${rocAuc(score.labels, p).toFixed(3)}; top features ${top} (signal in f0-f4)`].join("\n");
}
