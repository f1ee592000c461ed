export { explainRows, type RowContributions } from "./contributions";
export {
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
