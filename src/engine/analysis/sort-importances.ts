import type { FeatureImportance } from './types.js';

/** Largest importance first (the contract's order); ties by feature name so that the order is deterministic. */
export function sortImportances(rows: readonly FeatureImportance[]): FeatureImportance[] {
  return [...rows].sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
}
