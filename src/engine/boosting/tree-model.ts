// Old path of the boosting models' fitted tree, now BoostedTree in boosted-tree.ts; kept while files written
// against it land.
export { addTreePrediction, leafOfBinnedRow, leafOfRow, treeFromJSON, treeToJSON, type BoostedTree as TreeModel, type TreeJSON } from './boosted-tree.js';
