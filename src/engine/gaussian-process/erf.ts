// The error function by its everywhere-convergent series of positive terms,
//   erf(x) = 2/√π · e^{−x²} · Σₙ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)),
// which has no cancellation (relative error a few ulps); |x| ≥ 6 gives ±1 to double precision.
const TWO_OVER_SQRT_PI = 1.1283791670955126;

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const v = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  return x < 0 ? -v : v;
}
