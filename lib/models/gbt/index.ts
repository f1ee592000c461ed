export { explainRows, walkContributions, type RowContributions } from "./contributions";
export {
  binForModel,
  DEFAULT_GBT_PARAMS,
  featureImportances,
  parseGbtModel,
  predictProbabilities,
  sigmoid,
  type FeatureImportance,
  type GbtModel,
  type GbtParams,
  type GbtTree,
} from "./model";
export { trainGbt, type TrainGbtInput } from "./train";
