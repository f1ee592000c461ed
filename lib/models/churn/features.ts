/**
 * The feature names the churn module reads by name: the RFM baseline's three inputs. The shared member-
 * feature extraction must provide them (or the caller maps its names here); every other feature is used
 * by the trees and the logistic regression as it comes.
 */
export const CHURN_RFM_FEATURES = { recency: "recency_days", frequency: "frequency", monetary: "basket_mean" } as const;
