// Kept for code that imports the tree grower from its old path; the grower lives in builder.ts and the
// files it is built from (grower-state, criterion, histograms, partition, splitters).
export { growTree } from './builder.js';
export type { GrowParams, GrowTarget, SplitCriterion } from './grower-state.js';
