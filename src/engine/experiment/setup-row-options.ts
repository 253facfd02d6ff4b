// Validation of the row-level setup options (fix_imbalance, class_weight, remove_outliers, test_data), kept
// apart from setup-options.ts so the column steps and the row steps grow without touching each other.
import type { TaskType } from '../types.js';
import { EngineInputError } from '../errors.js';

export interface RowOptions {
  fixImbalance: boolean;
  fixImbalanceMethod: 'smote';
  classWeight: 'balanced' | null;
  removeOutliers: boolean;
  outliersThreshold: number;
  outliersMethod: 'iforest';
  testData?: string;
}

export const ROW_KEYS = ['fixImbalance', 'fixImbalanceMethod', 'classWeight', 'removeOutliers', 'outliersThreshold', 'outliersMethod', 'testData'] as const;

function fail(name: string, message: string): never {
  throw new EngineInputError('BAD_PARAM', message, `setupParams.${name}`);
}

export function validateRowOptions(r: Record<string, unknown>, task: TaskType): RowOptions {
  const has = (k: string): boolean => r[k] !== undefined && r[k] !== null;
  const out: RowOptions = { fixImbalance: false, fixImbalanceMethod: 'smote', classWeight: null, removeOutliers: false, outliersThreshold: 0.05, outliersMethod: 'iforest' };
  if (has('fixImbalance')) {
    if (typeof r.fixImbalance !== 'boolean') fail('fixImbalance', 'fixImbalance must be true or false');
    if (r.fixImbalance && task !== 'classification') fail('fixImbalance', 'fixImbalance oversamples classes: it applies to classification only');
    out.fixImbalance = r.fixImbalance;
  }
  if (has('fixImbalanceMethod')) {
    // (Not refused without fixImbalance: a resolved setup, which carries the default, is validated again.)
    if (r.fixImbalanceMethod !== 'smote') fail('fixImbalanceMethod', 'fixImbalanceMethod must be "smote"');
  }
  if (has('classWeight')) {
    if (r.classWeight !== 'balanced') fail('classWeight', 'classWeight must be "balanced" (or null for equal weights)');
    if (task !== 'classification') fail('classWeight', 'classWeight weighs classes: it applies to classification only');
    out.classWeight = 'balanced';
  }
  if (has('removeOutliers')) {
    if (typeof r.removeOutliers !== 'boolean') fail('removeOutliers', 'removeOutliers must be true or false');
    out.removeOutliers = r.removeOutliers;
  }
  if (has('outliersThreshold')) {
    const t = r.outliersThreshold;
    if (typeof t !== 'number' || !(t > 0 && t <= 0.5)) fail('outliersThreshold', 'outliersThreshold must be a fraction in (0, 0.5] (the share of training rows removed as outliers)');
    out.outliersThreshold = t;
  }
  if (has('outliersMethod') && r.outliersMethod !== 'iforest') fail('outliersMethod', 'outliersMethod must be "iforest"');
  if (has('testData')) {
    if (typeof r.testData !== 'string' || r.testData.trim() === '') fail('testData', 'testData must be the id of a dataset');
    out.testData = r.testData;
  }
  return out;
}
