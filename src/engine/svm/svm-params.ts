// Hyper-parameter checks and kernel plumbing shared by SVC and SVR (libsvm's parameters, scikit-learn's names).
import type { Params } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { badParam, choiceParam, intParam, numParam } from '../linear/base.js';
import { KERNEL_NAMES, kernelValue, resolveGamma, type KernelSpec } from '../kernel/kernels.js';

export interface LibsvmSettings {
  C: number;
  tol: number;
  maxIter: number | undefined;
  kernel: KernelSpec;
}

export function libsvmSettings(p: Params, X: Matrix): LibsvmSettings {
  const C = numParam(p, 'C', { min: 0, minExclusive: true });
  const tol = numParam(p, 'tol', { min: 0, minExclusive: true });
  const kernel = choiceParam(p, 'kernel', KERNEL_NAMES);
  const degree = intParam(p, 'degree', 0);
  const coef0 = numParam(p, 'coef0');
  const mi = p.maxIter;
  if (typeof mi !== 'number' || !Number.isInteger(mi) || (mi < 1 && mi !== -1)) badParam('maxIter', 'must be -1 (no limit) or a positive integer');
  return { C, tol, maxIter: mi === -1 ? undefined : mi, kernel: { kernel, gamma: resolveGamma(p.gamma, X), degree, coef0 } };
}

/** The kernel of a fitted model: params plus the gamma resolved at fit. */
export function fittedKernel(p: Params, gamma: number): KernelSpec {
  return { kernel: p.kernel as KernelSpec['kernel'], gamma, degree: p.degree as number, coef0: p.coef0 as number };
}

/** Kernel values of each row of X against every support vector: X.rows × nSV. */
export function kernelToSupport(k: KernelSpec, X: Matrix, sv: Float64Array, nSV: number): Float64Array {
  const p = X.cols;
  const out = new Float64Array(X.rows * nSV);
  for (let i = 0; i < X.rows; i++) for (let s = 0; s < nSV; s++) out[i * nSV + s] = kernelValue(k, X.data, i * p, sv, s * p, p);
  return out;
}
