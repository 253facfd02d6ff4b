// Parity of the neural and robust-linear models with scikit-learn 1.2.1 on the reference split and folds (PyCaret 3.2
// protocol: unscaled features), fixtures by tests/fixtures/make-reference-neural.py. Band: 0.02 Accuracy / 0.03 R2
// of scikit-learn's fold mean with the same hyper-parameters (randomState 123 as PyCaret's session_id).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/engine/index.js';
import type { Matrix } from '../../src/engine/index.js';

export interface Reference {
  dataset: string;
  task: 'classification' | 'regression';
  metric: 'Accuracy' | 'R2';
  trainIndex: number[];
  validationPositions: number[][];
  reference: Record<string, number>;
  perFold: Record<string, number[]>;
}

export function load(name: string): { ref: Reference; X: Matrix; y: Float64Array } {
  const ref = JSON.parse(readFileSync(new URL(`../fixtures/reference-neural-${name}.json`, import.meta.url), 'utf8')) as Reference;
  const lines = readFileSync(new URL(`../../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const p = header.length - 1;
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const X = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let c = 0;
    r.forEach((v, j) => (j === t ? (y[i] = v) : (X[i * p + c++] = v)));
  });
  return { ref, X: { data: X, rows: rows.length, cols: p }, y };
}

export function take(X: Matrix, y: Float64Array, rows: number[]): { X: Matrix; y: Float64Array } {
  const p = X.cols;
  const out = new Float64Array(rows.length * p);
  const yo = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    out.set(X.data.subarray(r * p, r * p + p), i * p);
    yo[i] = y[r] as number;
  });
  return { X: { data: out, rows: rows.length, cols: p }, y: yo };
}

export function score(task: Reference['task'], yt: Float64Array, yp: Float64Array): number {
  if (task === 'classification') return yt.reduce((s, v, i) => s + (v === yp[i] ? 1 : 0), 0) / yt.length;
  const m = yt.reduce((s, v) => s + v, 0) / yt.length;
  let ssr = 0;
  let sst = 0;
  yt.forEach((v, i) => {
    ssr += (v - (yp[i] as number)) ** 2;
    sst += (v - m) ** 2;
  });
  return 1 - ssr / sst;
}

/** One describe per dataset: each spec of `specs` whose id the fixture has, scored on the 10 reference folds. */
export function parity(label: string, specsOfAllTasks: readonly ModelSpec[], datasets: readonly string[]): void {
  describe.each(datasets)(`${label} parity on %s`, (name) => {
    const { ref, X, y } = load(name);
    const train = take(X, y, ref.trainIndex);
    const specs = specsOfAllTasks.filter((s) => s.task === ref.task);
    const band = ref.task === 'classification' ? 0.02 : 0.03;

    it('has a reference for every model of the task', () => {
      expect(specs.length).toBeGreaterThan(0);
      for (const s of specs) expect(Object.keys(ref.reference)).toContain(s.id);
    });

    it.each(specs.map((s) => [s.id, s] as const))(`%s within the band of scikit-learn's ${ref.metric}`, (id, spec) => {
      const scores = ref.validationPositions.map((valPos) => {
        const isVal = new Set(valPos);
        const trainPos = ref.trainIndex.map((_, i) => i).filter((i) => !isVal.has(i));
        const a = take(train.X, train.y, trainPos);
        const b = take(train.X, train.y, valPos);
        const est = spec.create('randomState' in spec.create().getParams() ? { randomState: 123 } : {}).fit(a.X, a.y);
        return score(ref.task, b.y, est.predict(b.X));
      });
      const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
      const expected = ref.reference[id] as number;
      expect(Math.abs(mean - expected), `${id}: ours ${mean.toFixed(4)} vs scikit-learn ${expected.toFixed(4)}`).toBeLessThanOrEqual(band);
      // same algorithm, same numpy RandomState draws: the fold scores agree to 3 decimals as well
      expect(scores.map((v) => v.toFixed(3))).toEqual((ref.perFold[id] ?? []).map((v) => v.toFixed(3)));
    }, 180_000);
  });
}
