export { averagePrecision, liftAt, liftCurve, rocAuc } from "./ranking";
export { brierScore, calibrationCurve, logLoss, type CalibrationBin, type CalibrationCurve } from "./probability";
export { applyIsotonic, applyIsotonicAll, fitIsotonic, type IsotonicCalibration } from "./isotonic";
