// ARD, RANSAC and Theil-Sen parity with scikit-learn 1.2.1 on diabetes' reference folds (see tests/helpers/reference-parity.ts).
// Fold means (ours / scikit-learn, R2, 4 decimals): ard 0.4521/0.4521 · ransac 0.1795/0.1795 · tr 0.4375/0.4375;
// every fold agrees to 3 decimals (RANSAC's and Theil-Sen's subsets are numpy RandomState draws as scikit-learn's).
import { NEURAL_ROBUST_SPECS } from '../../src/engine/models/neural-robust-models.js';
import { parity } from '../helpers/reference-parity.js';

parity('robust', NEURAL_ROBUST_SPECS.filter((s) => s.id !== 'mlp'), ['diabetes']);
