/** BTYD models: BG/NBD, Pareto/NBD and Gamma-Gamma, fitted on compressed statistics. See docs/models.md. */
export * from "./bgnbd";
export * from "./clv";
export * from "./cohort";
export * from "./fit";
export * from "./gamma-gamma";
export * from "./pareto-nbd";
export * from "./simulate";
export * from "./summary";
