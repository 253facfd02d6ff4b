// The shared estimator contract over the kernel models (KERNEL_SPECS, not yet in the registry).
import { describe } from 'vitest';
import { KERNEL_SPECS } from '../../src/engine/models/kernel-models.js';
import { describeEstimatorContract } from './estimator-contract.js';

describe.each(['classification', 'regression'] as const)('estimator contract, kernel models (%s)', (task) => {
  describeEstimatorContract(task, KERNEL_SPECS.filter((s) => s.task === task));
});
