// A Tree-structured Parzen Estimator sampler after Bergstra et al. (2011), "Algorithms for Hyper-Parameter
// Optimization": trials split at the gamma quantile of their scores into good (l) and bad (g); each parameter
// gets a Parzen estimator per group (a truncated-Gaussian mixture for numbers — in log space for log-uniform —
// with the prior as one extra component, or smoothed counts for categories); nCandidates draws from l(x) are
// ranked by log l(x) - log g(x) (the expected-improvement ratio) and the best is proposed. Parameters are
// treated independently, as in the paper's factorised form. Seeded through the engine's Rng.
import type { Params } from '../../core/estimator.js';
import type { Rng } from '../../core/random.js';
import { sampleParams, spaceNames, type Distribution, type SearchSpace } from './distributions.js';

export interface TpeOptions {
  /** Fraction of trials counted as good (default 0.25). */
  gamma?: number;
  /** Random trials before the model is used (default 10). */
  nStartup?: number;
  /** Draws from l(x) ranked per proposal (default 24). */
  nCandidates?: number;
  /** Weight of the prior component / pseudo-count of each category (default 1). */
  priorWeight?: number;
}

export interface Observation {
  params: Params;
  /** Higher is better. */
  score: number;
}

interface Mixture {
  mus: number[];
  sigmas: number[];
  weights: number[];
  low: number;
  high: number;
}

// Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7).
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const phi = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));

/** Parzen mixture over observations in [low, high]: bandwidth = the larger gap to a sorted neighbour, clipped. */
function parzen(values: number[], low: number, high: number, priorWeight: number): Mixture {
  const range = high - low || 1;
  const prior = (low + high) / 2;
  const points = [...values.map((v) => ({ mu: v, prior: false })), { mu: prior, prior: true }].sort((a, b) => a.mu - b.mu);
  const minSigma = range / Math.min(100, 1 + points.length);
  const mus: number[] = [];
  const sigmas: number[] = [];
  const weights: number[] = [];
  points.forEach((p, i) => {
    mus.push(p.mu);
    if (p.prior) sigmas.push(range);
    else {
      const left = i > 0 ? p.mu - (points[i - 1] as { mu: number }).mu : 0;
      const right = i < points.length - 1 ? (points[i + 1] as { mu: number }).mu - p.mu : 0;
      sigmas.push(Math.min(range, Math.max(minSigma, left, right)));
    }
    weights.push(p.prior ? priorWeight : 1);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return { mus, sigmas, weights: weights.map((w) => w / total), low, high };
}

function logDensity(m: Mixture, x: number): number {
  let p = 0;
  for (let i = 0; i < m.mus.length; i++) {
    const mu = m.mus[i] as number;
    const s = m.sigmas[i] as number;
    const z = phi((m.high - mu) / s) - phi((m.low - mu) / s);
    const pdf = Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    p += ((m.weights[i] as number) * pdf) / Math.max(z, 1e-12);
  }
  return Math.log(Math.max(p, 1e-300));
}

function drawMixture(m: Mixture, rng: Rng): number {
  let u = rng.next();
  let c = 0;
  while (c < m.weights.length - 1 && u >= (m.weights[c] as number)) {
    u -= m.weights[c] as number;
    c++;
  }
  const mu = m.mus[c] as number;
  const s = m.sigmas[c] as number;
  for (let tries = 0; tries < 100; tries++) {
    const x = mu + s * rng.normal();
    if (x >= m.low && x <= m.high) return x;
  }
  return Math.min(m.high, Math.max(m.low, mu));
}

/** Internal coordinates of a numeric distribution: log for log-uniform, +-0.5 around the integer range. */
function bounds(d: Exclude<Distribution, { kind: 'categorical' }>): [number, number] {
  if (d.kind === 'logUniform') return [Math.log(d.low), Math.log(d.high)];
  if (d.kind === 'intUniform') return [d.low - 0.5, d.high + 0.5];
  return [d.low, d.high];
}
const toInternal = (d: Distribution, v: unknown): number => (d.kind === 'logUniform' ? Math.log(v as number) : (v as number));
function fromInternal(d: Exclude<Distribution, { kind: 'categorical' }>, x: number): number {
  if (d.kind === 'logUniform') return Math.min(d.high, Math.max(d.low, Math.exp(x)));
  if (d.kind === 'intUniform') return Math.min(d.high, Math.max(d.low, Math.round(x)));
  return x;
}

function proposeNumeric(d: Exclude<Distribution, { kind: 'categorical' }>, good: unknown[], bad: unknown[], rng: Rng, o: Required<TpeOptions>): number {
  const [low, high] = bounds(d);
  if (low === high) return fromInternal(d, low);
  const l = parzen(good.map((v) => toInternal(d, v)), low, high, o.priorWeight);
  const g = parzen(bad.map((v) => toInternal(d, v)), low, high, o.priorWeight);
  let best = NaN;
  let bestScore = -Infinity;
  for (let c = 0; c < o.nCandidates; c++) {
    const x = drawMixture(l, rng);
    const xi = d.kind === 'intUniform' ? Math.round(x) : x;
    const score = logDensity(l, xi) - logDensity(g, xi);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return fromInternal(d, best);
}

function proposeCategorical(values: readonly unknown[], good: unknown[], bad: unknown[], rng: Rng, o: Required<TpeOptions>): unknown {
  const key = (v: unknown): string => JSON.stringify(v);
  const index = new Map(values.map((v, i) => [key(v), i]));
  const probs = (obs: unknown[]): number[] => {
    const counts = values.map(() => o.priorWeight);
    for (const v of obs) {
      const i = index.get(key(v));
      if (i !== undefined) counts[i] = (counts[i] as number) + 1;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => c / total);
  };
  const l = probs(good);
  const g = probs(bad);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < o.nCandidates; c++) {
    let u = rng.next();
    let i = 0;
    while (i < l.length - 1 && u >= (l[i] as number)) {
      u -= l[i] as number;
      i++;
    }
    const score = Math.log(l[i] as number) - Math.log(g[i] as number);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return values[best];
}

/** The next parameters to try given the finished trials (random until nStartup trials have a score). */
export function tpeSuggest(space: SearchSpace, history: readonly Observation[], rng: Rng, options: TpeOptions = {}): Params {
  const o: Required<TpeOptions> = { gamma: options.gamma ?? 0.25, nStartup: options.nStartup ?? 10, nCandidates: options.nCandidates ?? 24, priorWeight: options.priorWeight ?? 1 };
  const scored = history.filter((h) => Number.isFinite(h.score));
  if (scored.length < Math.max(2, o.nStartup)) return sampleParams(space, rng);
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  const nGood = Math.max(1, Math.ceil(o.gamma * sorted.length));
  const good = sorted.slice(0, nGood);
  const bad = sorted.slice(nGood);
  const out: Params = {};
  for (const name of spaceNames(space)) {
    const d = space[name] as Distribution;
    const gv = good.map((t) => t.params[name]).filter((v) => v !== undefined);
    const bv = bad.map((t) => t.params[name]).filter((v) => v !== undefined);
    out[name] = d.kind === 'categorical' ? proposeCategorical(d.values, gv, bv, rng, o) : proposeNumeric(d, gv, bv, rng, o);
  }
  return out;
}
