// Search-space distributions as PyCaret's pycaret/internal/distributions.py: Uniform (optionally log), IntUniform
// (both ends included) and Categorical. Sampling draws from the engine's seeded Rng.
import type { Params } from '../../core/estimator.js';
import { Rng } from '../../core/random.js';
import { EngineInputError } from '../../errors.js';

export type Distribution =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'logUniform'; low: number; high: number }
  | { kind: 'intUniform'; low: number; high: number }
  | { kind: 'categorical'; values: readonly unknown[] };

export type SearchSpace = Record<string, Distribution>;

export const uniform = (low: number, high: number): Distribution => ({ kind: 'uniform', low, high });
export const logUniform = (low: number, high: number): Distribution => ({ kind: 'logUniform', low, high });
export const intUniform = (low: number, high: number): Distribution => ({ kind: 'intUniform', low, high });
export const categorical = (values: readonly unknown[]): Distribution => ({ kind: 'categorical', values: [...values] });

/** A grid (param -> candidate values, the ModelSpec.searchSpace / customGrid shape) as categorical distributions. */
export function gridToSpace(grid: Record<string, readonly unknown[]>): SearchSpace {
  const out: SearchSpace = {};
  for (const [k, v] of Object.entries(grid)) if (v.length > 0) out[k] = categorical(v);
  return out;
}

/** Throws BAD_PARAM (field params.searchSpace.<name>) for an empty, inverted or non-finite distribution. */
export function checkSpace(space: SearchSpace): void {
  for (const [name, d] of Object.entries(space)) {
    const bad = (why: string): never => {
      throw new EngineInputError('BAD_PARAM', `search space "${name}": ${why}`, `params.searchSpace.${name}`);
    };
    if (!d || typeof d !== 'object') bad('not a distribution');
    if (d.kind === 'categorical') {
      if (!Array.isArray(d.values) || d.values.length === 0) bad('categorical needs at least one value');
      continue;
    }
    if (d.kind !== 'uniform' && d.kind !== 'logUniform' && d.kind !== 'intUniform') bad(`unknown kind ${JSON.stringify((d as { kind: unknown }).kind)}`);
    if (!Number.isFinite(d.low) || !Number.isFinite(d.high)) bad('low and high must be finite numbers');
    if (d.low > d.high) bad(`low ${d.low} is above high ${d.high}`);
    if (d.kind === 'logUniform' && d.low <= 0) bad('a log-uniform distribution needs low > 0');
    if (d.kind === 'intUniform' && (!Number.isInteger(d.low) || !Number.isInteger(d.high))) bad('an int distribution needs integer bounds');
  }
}

export function sampleValue(d: Distribution, rng: Rng): unknown {
  switch (d.kind) {
    case 'uniform':
      return d.low + rng.next() * (d.high - d.low);
    case 'logUniform':
      return Math.exp(Math.log(d.low) + rng.next() * (Math.log(d.high) - Math.log(d.low)));
    case 'intUniform':
      return d.low + rng.int(d.high - d.low + 1);
    case 'categorical':
      return d.values[rng.int(d.values.length)];
  }
}

/** Parameter names in a fixed (sorted) order, so a seed always yields the same draws. */
export function spaceNames(space: SearchSpace): string[] {
  return Object.keys(space).sort();
}

export function sampleParams(space: SearchSpace, rng: Rng): Params {
  const out: Params = {};
  for (const name of spaceNames(space)) out[name] = sampleValue(space[name] as Distribution, rng);
  return out;
}

/** Independent random search: nIter seeded draws. */
export function randomCandidates(space: SearchSpace, nIter: number, seed: number): Params[] {
  checkSpace(space);
  const rng = new Rng(seed);
  return Array.from({ length: nIter }, () => sampleParams(space, rng));
}
