// pow and log rounded from a double-double result (about 100 bits), so they are correctly rounded but for
// inputs within ~1e-30 of a halfway case. V8's Math.pow / Math.log differ from glibc's libm in the last bit for
// about 1 input in 10; these agree with glibc on all but ~1 in 1,500 (glibc's own near-halfway misroundings).
// The Yeo-Johnson lambda search is flat at its optimum, so one differing bit moves Brent's stopping point.

type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

const SPLIT = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = twoSum(s, e + t);
  return twoSum(s2, e2 + f);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function mulNum(a: DD, b: number): DD {
  const [p, e] = twoProd(a[0], b);
  return twoSum(p, e + a[1] * b);
}

function divNum(a: DD, b: number): DD {
  const q1 = a[0] / b;
  const [p, e] = twoProd(q1, b);
  const q2 = (a[0] - p - e + a[1]) / b;
  return twoSum(q1, q2);
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** exp of a double-double (|a| < 709). */
function expDD(a: DD): DD {
  const k = Math.round(a[0] / LN2[0]);
  // r = (a - k ln2) / 2^10, its Taylor series, then squared 10 times.
  let r = add(a, mulNum(LN2, -k));
  r = [r[0] / 1024, r[1] / 1024]; // exact: a power of two
  let term: DD = [1, 0];
  let sum: DD = [1, 0];
  for (let i = 1; i <= 14; i++) {
    term = divNum(mul(term, r), i);
    sum = add(sum, term);
  }
  for (let i = 0; i < 10; i++) sum = mul(sum, sum);
  const scale = Math.pow(2, k);
  return [sum[0] * scale, sum[1] * scale];
}

// Fast path: exp of a double-double t = th + tl, rounded to the nearest double, without allocation.
// exp(t) = 2^m · 2^(j/64) · exp(r), |r| <= ln2/128; exp(r) = 1 + r + r²/2 (double-double) + r³/6 + … (double).
const LN2_64_HI = LN2[0] / 64;
const LN2_64_LO = LN2[1] / 64;
const INV_LN2_64 = 64 / LN2[0];
const T_HI = new Float64Array(64);
const T_LO = new Float64Array(64);
for (let j = 0; j < 64; j++) {
  const e = expDD(mulNum(LN2, j / 64));
  T_HI[j] = e[0];
  T_LO[j] = e[1];
}

const POW2 = new Float64Array(2046);
for (let m = -1022; m <= 1023; m++) POW2[m + 1022] = Math.pow(2, m);
function pow2(m: number): number {
  return POW2[m + 1022] as number;
}

function splitHi(a: number): number {
  const c = SPLIT * a;
  return c - (c - a);
}

const scratch = new Float64Array(2);

/** exp(th + tl) rounded to a double; |th| < 700. */
export function expRounded(th: number, tl: number): number {
  const m = expInto(th, tl, scratch);
  // Scaling by 2^m is exact in the normal range; split it so 2^m itself does not overflow.
  const r = (scratch[0] as number) + (scratch[1] as number);
  if (m >= -1022 && m <= 1023) return r * pow2(m);
  const half = m >> 1;
  return r * Math.pow(2, half) * Math.pow(2, m - half);
}

/** exp(th + tl) = out · 2^m as a double-double; returns m. */
function expInto(th: number, tl: number, out: Float64Array): number {
  const k = Math.round(th * INV_LN2_64);
  // r = th + tl - k·ln2/64, with k·LN2_64_HI exact as a double-double.
  const p = k * LN2_64_HI;
  const kh = splitHi(k);
  const kl = k - kh;
  const ch = splitHi(LN2_64_HI);
  const cl = LN2_64_HI - ch;
  const pe = kh * ch - p + kh * cl + kl * ch + kl * cl;
  let s = th - p;
  let bb = s - th;
  let e = th - (s - bb) + (-p - bb);
  e += tl - pe - k * LN2_64_LO;
  const rh = s + e;
  const rl = e - (rh - s);
  // r² / 2 as a double-double, the rest in double.
  const sq = rh * rh;
  const rhh = splitHi(rh);
  const rhl = rh - rhh;
  const sqe = rhh * rhh - sq + 2 * rhh * rhl + rhl * rhl + 2 * rh * rl;
  const q = rh * rh * rh * (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh * (1 / 5040 + rh * (1 / 40320))))));
  // u = r + r²/2 + q (double-double), then exp(r) = 1 + u.
  s = rh + sq / 2;
  bb = s - rh;
  e = rh - (s - bb) + (sq / 2 - bb) + rl + sqe / 2 + q;
  const uh = s + e;
  const ul = e - (uh - s);
  // 2^(j/64) · (1 + u) = T + T·u
  const j = ((k % 64) + 64) % 64;
  const m = (k - j) / 64;
  const th2 = T_HI[j] as number;
  const tl2 = T_LO[j] as number;
  const pu = th2 * uh;
  const thh = splitHi(th2);
  const thl = th2 - thh;
  const uhh = splitHi(uh);
  const uhl = uh - uhh;
  const pue = thh * uhh - pu + thh * uhl + thl * uhh + thl * uhl + th2 * ul + tl2 * uh;
  s = th2 + pu;
  bb = s - th2;
  e = th2 - (s - bb) + (pu - bb) + pue + tl2;
  const resH = s + e;
  out[0] = resH;
  out[1] = e - (resH - s);
  return m;
}

const escratch = new Float64Array(2);

/** log(x) of a positive finite double as a double-double into out[0], out[1]: one Newton step from Math.log. */
export function logInto(x: number, out: Float64Array): void {
  const l0 = Math.log(x);
  const m = expInto(l0, 0, escratch);
  const f = m >= -1022 && m <= 1023 ? pow2(m) : Math.pow(2, m);
  const eh = (escratch[0] as number) * f;
  const el = (escratch[1] as number) * f;
  // (x - e) / e, with x - eh exact (they are within a few ulps).
  const d = (x - eh - el) / eh;
  out[0] = l0 + d;
  out[1] = d - (out[0] - l0);
}

/** base^y rounded, from log(base) = lh + ll (a double-double, see logInto). */
export function powFromLog(lh: number, ll: number, y: number): number {
  const h = lh * y;
  if (!(Math.abs(h) < 700)) return Math.exp(h);
  const ah = splitHi(lh);
  const al = lh - ah;
  const bh = splitHi(y);
  const bl = y - bh;
  return expRounded(h, ah * bh - h + ah * bl + al * bh + al * bl + ll * y);
}

const lscratch = new Float64Array(2);

/** log(x), correctly rounded but for near-halfway cases (x > 0 finite; other inputs as Math.log). */
export function logExact(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  logInto(x, lscratch);
  return (lscratch[0] as number) + (lscratch[1] as number);
}

/** pow(x, y) for x > 0, as logExact. */
export function powExact(x: number, y: number): number {
  if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(y) || y === 0 || x === 1) return Math.pow(x, y);
  logInto(x, lscratch);
  return powFromLog(lscratch[0] as number, lscratch[1] as number, y);
}
