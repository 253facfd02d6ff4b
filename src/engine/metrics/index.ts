export { classificationScores } from './classification.js';
export { regressionScores } from './regression.js';
export { summarise } from './summary.js';
export { binaryRocAuc, ovrWeightedRocAuc } from './roc-auc.js';
export { npSum, npMean, npStd, npRound, npWeightedAverage } from './numpy-math.js';
