export { trainTestSplit, approximateMode, type TrainTestSplitOptions } from './train-test-split.js';
export { stratifiedKFold } from './stratified-kfold.js';
export { kFold, type FoldOptions } from './kfold.js';
export { NumpyRandomState } from './numpy-random.js';
