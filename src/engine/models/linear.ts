// The linear models' specs (PyCaret ids and names), with PyCaret 3.2's defaults and tune grids.
import type { ModelSpec } from '../core/estimator.js';
import { estimatorSpec, range } from './estimator-spec.js';
import { LogisticRegression } from '../linear/logistic.js';
import { LinearRegression, Ridge, RidgeClassifier } from '../linear/least-squares.js';
import { PassiveAggressiveRegressor } from '../linear/passive-aggressive.js';
import { Lars, LassoLars } from '../linear/lars.js';
import { ElasticNet, Lasso } from '../linear/coordinate-descent.js';
import { OrthogonalMatchingPursuit } from '../linear/omp.js';
import { BayesianRidge } from '../linear/bayesian-ridge.js';
import { HuberRegressor } from '../linear/huber.js';

export const LINEAR_SPECS: readonly ModelSpec[] = [
  estimatorSpec('lr', 'Logistic Regression', 'classification', (p) => new LogisticRegression(p), {
    C: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
  }),
  estimatorSpec('ridge', 'Ridge Classifier', 'classification', (p) => new RidgeClassifier(p), {
    alpha: [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  estimatorSpec('lr', 'Linear Regression', 'regression', (p) => new LinearRegression(p), { fitIntercept: [true, false] }),
  estimatorSpec('lasso', 'Lasso Regression', 'regression', (p) => new Lasso(p), {
    alpha: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  estimatorSpec('ridge', 'Ridge Regression', 'regression', (p) => new Ridge(p), {
    alpha: [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    fitIntercept: [true, false],
  }),
  estimatorSpec('en', 'Elastic Net', 'regression', (p) => new ElasticNet(p), {
    alpha: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    l1Ratio: [0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99],
    fitIntercept: [true, false],
  }),
  estimatorSpec('lar', 'Least Angle Regression', 'regression', (p) => new Lars(p), {
    nNonzeroCoefs: range(1, 11),
    fitIntercept: [true, false],
  }),
  estimatorSpec('llar', 'Lasso Least Angle Regression', 'regression', (p) => new LassoLars(p), {
    alpha: [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1],
    fitIntercept: [true, false],
  }),
  estimatorSpec('omp', 'Orthogonal Matching Pursuit', 'regression', (p) => new OrthogonalMatchingPursuit(p), {
    nNonzeroCoefs: range(1, 10),
    fitIntercept: [true, false],
  }),
  estimatorSpec('br', 'Bayesian Ridge', 'regression', (p) => new BayesianRidge(p), {
    alpha1: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    alpha2: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    lambda1: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    lambda2: [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.2, 0.3],
    fitIntercept: [true, false],
  }),
  estimatorSpec('par', 'Passive Aggressive Regressor', 'regression', (p) => new PassiveAggressiveRegressor(p), {
    C: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10],
    epsilon: [0.1, 0.2, 0.3, 0.5, 0.7, 0.9],
    loss: ['epsilon_insensitive', 'squared_epsilon_insensitive'],
    fitIntercept: [true, false],
  }),
  estimatorSpec('huber', 'Huber Regressor', 'regression', (p) => new HuberRegressor(p), {
    epsilon: [1, 1.1, 1.2, 1.3, 1.35, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9],
    alpha: [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.5, 0.9],
    fitIntercept: [true, false],
  }),
];
