// Old path of the boosting models' bin layout, now binning/slot-bins.ts; kept while files written against it land.
export * from '../binning/slot-bins.js';
