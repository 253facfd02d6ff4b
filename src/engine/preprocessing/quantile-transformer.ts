// scikit-learn's QuantileTransformer(n_quantiles=1000, output_distribution="normal") as PyCaret's
// transformation_method="quantile" uses it, with numpy's percentile, interp and scipy's ndtri spelled out so the
// results round as theirs do. (scikit-learn subsamples 100,000 rows at random above that; here every row is used.)
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';

const BOUNDS = 1e-7;
const SPACING_1 = 2.220446049250313e-16;

function polevl(x: number, c: readonly number[]): number {
  let a = c[0] as number;
  for (let i = 1; i < c.length; i++) a = a * x + (c[i] as number);
  return a;
}
function p1evl(x: number, c: readonly number[]): number {
  let a = x + (c[0] as number);
  for (let i = 1; i < c.length; i++) a = a * x + (c[i] as number);
  return a;
}
const S2PI = 2.50662827463100050242;
const P0 = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016];
const Q0 = [1.95448858338141759834, 4.67627912898881538453, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142];
const P1 = [4.05544892305962419923, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.40805073893200834700e1, 1.46849561928858024014e1, 2.18663306850790267539, -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4];
const Q1 = [1.57799883256466749731e1, 4.53907635128879210584e1, 4.13172038254672030440e1, 1.50425385692907503408e1, 2.50464946208309415979, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4];
const P2 = [3.23774891776946035970, 6.91522889068984211695, 3.93881025292474443415, 1.33303460815807542389, 2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.23974539184983293730e-9];
const Q2 = [6.02427039364742014255, 3.67983563856160859403, 1.37702099489081330271, 2.16236993594496635890e-1, 1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9];

/** The standard normal quantile function (Cephes ndtri, as scipy.stats.norm.ppf). */
export function normalPpf(y0: number): number {
  if (Number.isNaN(y0) || y0 < 0 || y0 > 1) return NaN;
  if (y0 === 0) return -Infinity;
  if (y0 === 1) return Infinity;
  let code = 1;
  let y = y0;
  if (y > 1.0 - 0.13533528323661269189) {
    y = 1.0 - y;
    code = 0;
  }
  if (y > 0.13533528323661269189) {
    y = y - 0.5;
    const y2 = y * y;
    return (y + y * ((y2 * polevl(y2, P0)) / p1evl(y2, Q0))) * S2PI;
  }
  const x = Math.sqrt(-2.0 * Math.log(y));
  const x0 = x - Math.log(x) / x;
  const z = 1.0 / x;
  const x1 = x < 8.0 ? (z * polevl(z, P1)) / p1evl(z, Q1) : (z * polevl(z, P2)) / p1evl(z, Q2);
  return code !== 0 ? -(x0 - x1) : x0 - x1;
}

/** numpy.linspace(0, 1, n). */
/** The standard normal CDF, as the root of normalPpf(p) = z (Newton from a logistic start; |z| > 38 saturates). */
export function normalCdf(z: number): number {
  if (z > 38) return 1;
  if (z < -38) return 0;
  if (z > 0) return 1 - normalCdf(-z);
  let lp = -Math.log1p(Math.exp(-1.702 * z)); // log p, logistic approximation
  for (let it = 0; it < 60; it++) {
    const p = Math.exp(lp);
    const x = normalPpf(p);
    const pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    // d log p / dx = pdf / p
    const step = ((z - x) * pdf) / p;
    lp += step;
    if (Math.abs(step) < 1e-16) break;
  }
  return Math.exp(lp);
}

function linspace01(n: number): Float64Array {
  const out = new Float64Array(n);
  if (n <= 1) return out;
  const step = 1 / (n - 1);
  for (let i = 0; i < n; i++) out[i] = i * step;
  out[n - 1] = 1;
  return out;
}

/** numpy.nanpercentile(values, references * 100) with the default linear method. */
function percentiles(values: Float64Array, references: Float64Array): Float64Array {
  const v = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  const m = v.length;
  const out = new Float64Array(references.length);
  if (m === 0) return out.fill(NaN);
  references.forEach((r, i) => {
    const q = (r * 100) / 100;
    const virtual = (m - 1) * q;
    let prev = Math.floor(virtual);
    let next = prev + 1;
    if (virtual >= m - 1) prev = next = m - 1;
    if (virtual < 0) prev = next = 0;
    const gamma = virtual - (virtual >= m - 1 ? -1 : prev);
    const a = v[prev] as number;
    const b = v[next] as number;
    const diff = b - a;
    out[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  });
  return out;
}

/** numpy.interp(x, xp, fp) for one x (xp ascending, duplicates allowed). */
function interp(x: number, xp: Float64Array, fp: Float64Array): number {
  const n = xp.length;
  if (n === 1) return fp[0] as number;
  if (x < (xp[0] as number)) return fp[0] as number;
  if (x > (xp[n - 1] as number)) return fp[n - 1] as number;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (x >= (xp[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  const j = lo - 1;
  if (j === n - 1 || xp[j] === x) return fp[j] as number;
  const slope = ((fp[j + 1] as number) - (fp[j] as number)) / ((xp[j + 1] as number) - (xp[j] as number));
  let r = slope * (x - (xp[j] as number)) + (fp[j] as number);
  if (Number.isNaN(r)) {
    r = slope * (x - (xp[j + 1] as number)) + (fp[j + 1] as number);
    if (Number.isNaN(r) && fp[j] === fp[j + 1]) r = fp[j] as number;
  }
  return r;
}

export interface QuantileTransformerJSON {
  references: number[];
  /** quantiles[j]: column j's quantiles at the references. */
  quantiles: number[][];
}

export class QuantileTransformer {
  private references: Float64Array = new Float64Array(0);
  private quantiles: Float64Array[] = [];

  constructor(readonly nQuantiles = 1000) {}

  fit(X: Matrix): this {
    const { rows: n, cols: p } = X;
    if (n === 0) throw new EngineInputError('BAD_INPUT', 'QuantileTransformer needs at least one row', 'setupParams.transformationMethod');
    this.references = linspace01(Math.max(1, Math.min(this.nQuantiles, n)));
    this.quantiles = [];
    const col = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < n; i++) col[i] = X.data[i * p + j] as number;
      const q = percentiles(col, this.references);
      // np.maximum.accumulate: percentiles rounded out of order are made monotonic.
      for (let k = 1; k < q.length; k++) if ((q[k] as number) < (q[k - 1] as number)) q[k] = q[k - 1] as number;
      this.quantiles.push(q);
    }
    return this;
  }

  transform(X: Matrix): Matrix {
    const { rows: n, cols: p } = X;
    if (p !== this.quantiles.length) throw new RangeError(`QuantileTransformer: expected ${this.quantiles.length} columns, got ${p}`);
    const refs = this.references;
    const negRefsRev = Float64Array.from(refs, (_, k) => -(refs[refs.length - 1 - k] as number));
    const clipMin = normalPpf(BOUNDS - SPACING_1);
    const clipMax = normalPpf(1 - (BOUNDS - SPACING_1));
    const out = matrix(n, p);
    for (let j = 0; j < p; j++) {
      const q = this.quantiles[j] as Float64Array;
      const negQRev = Float64Array.from(q, (_, k) => -(q[q.length - 1 - k] as number));
      const lowX = q[0] as number;
      const highX = q[q.length - 1] as number;
      for (let i = 0; i < n; i++) {
        const x = X.data[i * p + j] as number;
        if (Number.isNaN(x)) {
          out.data[i * p + j] = NaN;
          continue;
        }
        let v = 0.5 * (interp(x, q, refs) - interp(-x, negQRev, negRefsRev));
        if (x + BOUNDS > highX) v = 1;
        if (x - BOUNDS < lowX) v = 0;
        out.data[i * p + j] = Math.min(Math.max(normalPpf(v), clipMin), clipMax);
      }
    }
    return out;
  }

  /** Normal scores back to the original scale (scikit-learn's inverse_transform: norm.cdf, then quantiles at the references). */
  inverseTransform(X: Matrix): Matrix {
    const { rows: n, cols: p } = X;
    if (p !== this.quantiles.length) throw new RangeError(`QuantileTransformer: expected ${this.quantiles.length} columns, got ${p}`);
    const out = matrix(n, p);
    for (let j = 0; j < p; j++) {
      const q = this.quantiles[j] as Float64Array;
      for (let i = 0; i < n; i++) {
        const z = X.data[i * p + j] as number;
        if (Number.isNaN(z)) {
          out.data[i * p + j] = NaN;
          continue;
        }
        const u = normalCdf(z);
        let v = interp(u, this.references, q);
        if (u + BOUNDS > 1) v = q[q.length - 1] as number;
        if (u - BOUNDS < 0) v = q[0] as number;
        out.data[i * p + j] = v;
      }
    }
    return out;
  }

  toJSON(): QuantileTransformerJSON {
    return { references: Array.from(this.references), quantiles: this.quantiles.map((q) => Array.from(q)) };
  }

  static fromJSON(json: unknown, width: number, where: string): QuantileTransformer {
    const o = json as Partial<QuantileTransformerJSON> | null;
    const numbers = (v: unknown, len?: number): v is number[] =>
      Array.isArray(v) && v.length > 0 && (len === undefined || v.length === len) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (!o || !numbers(o.references) || !Array.isArray(o.quantiles) || o.quantiles.length !== width || !o.quantiles.every((q) => numbers(q, o.references?.length)))
      throw new EngineInputError('BAD_PIPELINE', `malformed quantile transformer (${where})`, 'pipeline');
    const t = new QuantileTransformer(o.references.length);
    t.references = Float64Array.from(o.references);
    t.quantiles = o.quantiles.map((q) => Float64Array.from(q));
    return t;
  }
}
