// The kernel-method models' specs (PyCaret ids and names): rbfsvm and gpc for classification, svm (SVR) and
// kr for regression. rbfsvm, gpc and kr are outside PyCaret's turbo set (compare_models(turbo=True) skips
// them); SVR is in it. Search spaces: PyCaret's tune grids, the long C ranges thinned to a few values
// (PyCaret's rbfsvm grid also tunes class_weight, which these estimators do not take).
import type { TaskType } from '../types.js';
import type { Estimator, ModelSpec, Params } from '../core/estimator.js';
import { estimatorSpec } from './estimator-spec.js';
import { SVC } from '../svm/svc.js';
import { SVR } from '../svm/svr.js';
import { KernelRidge } from '../kernel/kernel-ridge.js';
import { GaussianProcessClassifier } from '../gaussian-process/gpc.js';

function kernelSpec(id: string, name: string, task: TaskType, turbo: boolean, factory: (params: Params) => Estimator, searchSpace: Record<string, unknown[]>): ModelSpec {
  return estimatorSpec(id, name, task, factory, searchSpace, turbo);
}

export const KERNEL_SPECS: readonly ModelSpec[] = [
  // ---- classification ----
  kernelSpec('rbfsvm', 'SVM - Radial Kernel', 'classification', false, (p) => new SVC(p), {
    C: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 20, 30, 40, 50],
  }),
  kernelSpec('gpc', 'Gaussian Process Classifier', 'classification', false, (p) => new GaussianProcessClassifier(p), {
    maxIterPredict: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
  }),
  // ---- regression ----
  kernelSpec('svm', 'Support Vector Regression', 'regression', true, (p) => new SVR(p), {
    C: [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10],
    epsilon: [1.1, 1.2, 1.3, 1.35, 1.4, 1.5, 1.55, 1.6, 1.7, 1.8, 1.9],
  }),
  kernelSpec('kr', 'Kernel Ridge', 'regression', false, (p) => new KernelRidge(p), {}),
];
