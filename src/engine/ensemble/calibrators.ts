// The two one-dimensional calibrators of scikit-learn 1.2.1's calibration.py.

export interface Calibrator {
  predict(t: Float64Array): Float64Array;
  toJSON(): CalibratorJSON;
}
export type CalibratorJSON = { kind: 'sigmoid'; a: number; b: number } | { kind: 'isotonic'; x: number[]; y: number[] };

const expit = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * _sigmoid_calibration: Platt's P(y=1|f) = 1 / (1 + exp(a f + b)) fitted to the smoothed targets
 * T+ = (N+ + 1) / (N+ + 2), T- = 1 / (N- + 2) by minimising the cross-entropy. scikit-learn uses BFGS from
 * (0, log((N- + 1) / (N+ + 1))); the loss is convex in (a, b), so Newton's method from the same start reaches the
 * same minimum (to BFGS's gtol).
 */
export class SigmoidCalibrator implements Calibrator {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {}

  static fit(f: Float64Array, y: Float64Array): SigmoidCalibrator {
    let prior0 = 0;
    for (const v of y) if (v <= 0) prior0++;
    const prior1 = y.length - prior0;
    const tPos = (prior1 + 1) / (prior1 + 2);
    const tNeg = 1 / (prior0 + 2);
    let a = 0;
    let b = Math.log((prior0 + 1) / (prior1 + 1));
    const loss = (a0: number, b0: number): number => {
      let s = 0;
      for (let i = 0; i < f.length; i++) {
        const z = a0 * (f[i] as number) + b0; // P = expit(-z)
        const t = (y[i] as number) > 0 ? tPos : tNeg;
        // -(t log P + (1-t) log(1-P)) with log P = -log1p(e^z), log(1-P) = -log1p(e^-z)
        const lp = z > 0 ? -z - Math.log1p(Math.exp(-z)) : -Math.log1p(Math.exp(z));
        const lq = z > 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
        s -= t * lp + (1 - t) * lq;
      }
      return s;
    };
    let current = loss(a, b);
    for (let it = 0; it < 200; it++) {
      let ga = 0;
      let gb = 0;
      let haa = 0;
      let hab = 0;
      let hbb = 0;
      for (let i = 0; i < f.length; i++) {
        const fi = f[i] as number;
        const p = expit(-(a * fi + b));
        const t = (y[i] as number) > 0 ? tPos : tNeg;
        const r = t - p; // d loss / d z
        ga += r * fi;
        gb += r;
        const w = p * (1 - p);
        haa += w * fi * fi;
        hab += w * fi;
        hbb += w;
      }
      if (Math.abs(ga) + Math.abs(gb) < 1e-10 * Math.max(1, f.length)) break;
      const det = haa * hbb - hab * hab;
      let da: number;
      let db: number;
      if (det > 1e-300) {
        da = (hbb * ga - hab * gb) / det;
        db = (haa * gb - hab * ga) / det;
      } else {
        da = ga / (haa + 1e-12);
        db = gb / (hbb + 1e-12);
      }
      let step = 1;
      let next = loss(a - step * da, b - step * db);
      while (next > current && step > 1e-10) {
        step /= 2;
        next = loss(a - step * da, b - step * db);
      }
      if (!(next <= current)) break;
      a -= step * da;
      b -= step * db;
      const done = current - next < 1e-14 * Math.max(1, Math.abs(current));
      current = next;
      if (done) break;
    }
    return new SigmoidCalibrator(a, b);
  }

  predict(t: Float64Array): Float64Array {
    return t.map((v) => expit(-(this.a * v + this.b)));
  }

  toJSON(): CalibratorJSON {
    return { kind: 'sigmoid', a: this.a, b: this.b };
  }
}

/**
 * IsotonicRegression(out_of_bounds='clip'), increasing: rows sorted by x (ties by y), equal x merged into their
 * weighted mean, pool-adjacent-violators, then np.interp between the merged points, clipped to [min x, max x].
 */
export class IsotonicCalibrator implements Calibrator {
  constructor(
    readonly x: Float64Array,
    readonly y: Float64Array,
  ) {}

  static fit(x: Float64Array, y: Float64Array): IsotonicCalibrator {
    const order = Array.from(x, (_, i) => i).sort((i, j) => (x[i] as number) - (x[j] as number) || (y[i] as number) - (y[j] as number));
    const ux: number[] = [];
    const uy: number[] = [];
    const uw: number[] = [];
    for (const i of order) {
      const xi = x[i] as number;
      const last = ux.length - 1;
      if (last >= 0 && ux[last] === xi) {
        uy[last] = (uy[last] as number) + (y[i] as number);
        uw[last] = (uw[last] as number) + 1;
      } else {
        ux.push(xi);
        uy.push(y[i] as number);
        uw.push(1);
      }
    }
    for (let i = 0; i < uy.length; i++) uy[i] = (uy[i] as number) / (uw[i] as number);
    // PAV over blocks: each block holds a weighted mean and its weight.
    const mean: number[] = [];
    const weight: number[] = [];
    const size: number[] = [];
    for (let i = 0; i < uy.length; i++) {
      mean.push(uy[i] as number);
      weight.push(uw[i] as number);
      size.push(1);
      while (mean.length > 1 && (mean[mean.length - 2] as number) >= (mean[mean.length - 1] as number)) {
        const m2 = mean.pop() as number;
        const w2 = weight.pop() as number;
        const s2 = size.pop() as number;
        const j = mean.length - 1;
        const w = (weight[j] as number) + w2;
        mean[j] = ((mean[j] as number) * (weight[j] as number) + m2 * w2) / w;
        weight[j] = w;
        size[j] = (size[j] as number) + s2;
      }
    }
    const fitted = new Float64Array(ux.length);
    let at = 0;
    mean.forEach((m, b) => {
      for (let s = 0; s < (size[b] as number); s++) fitted[at++] = m;
    });
    return new IsotonicCalibrator(Float64Array.from(ux), fitted);
  }

  predict(t: Float64Array): Float64Array {
    const { x, y } = this;
    const n = x.length;
    return t.map((v) => {
      if (n === 1 || v <= (x[0] as number)) return y[0] as number;
      if (v >= (x[n - 1] as number)) return y[n - 1] as number;
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if ((x[mid] as number) <= v) lo = mid;
        else hi = mid;
      }
      const x0 = x[lo] as number;
      const x1 = x[hi] as number;
      const y0 = y[lo] as number;
      const slope = ((y[hi] as number) - y0) / (x1 - x0);
      return slope * (v - x0) + y0;
    });
  }

  toJSON(): CalibratorJSON {
    return { kind: 'isotonic', x: Array.from(this.x), y: Array.from(this.y) };
  }
}

export function reviveCalibrator(j: unknown): Calibrator {
  const c = j as Partial<CalibratorJSON> | null;
  if (c && c.kind === 'sigmoid' && typeof c.a === 'number' && typeof c.b === 'number') return new SigmoidCalibrator(c.a, c.b);
  if (c && c.kind === 'isotonic' && Array.isArray(c.x) && Array.isArray(c.y) && c.x.length === c.y.length && c.x.length > 0) {
    return new IsotonicCalibrator(Float64Array.from(c.x), Float64Array.from(c.y));
  }
  throw new Error('a calibrator must be {kind: sigmoid, a, b} or {kind: isotonic, x, y}');
}
