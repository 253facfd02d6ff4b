// Old path of the trees' bin layout, now binning/column-bins.ts; kept while files written against it land.
export * from '../binning/column-bins.js';
