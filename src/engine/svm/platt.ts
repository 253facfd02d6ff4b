// libsvm's probability estimates: Platt's sigmoid fitted by Lin, Lin & Weng's Newton method with
// backtracking (sigmoid_train), its prediction, and Wu, Lin & Weng's pairwise coupling
// (multiclass_probability) as in libsvm's svm.cpp.

export interface Sigmoid {
  A: number;
  B: number;
}

/** Fits P(y=+1 | f) = 1 / (1 + exp(A f + B)) to decision values; labels > 0 are the positive class. */
export function sigmoidTrain(dec: Float64Array, labels: Int8Array): Sigmoid {
  const l = dec.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < l; i++) if ((labels[i] as number) > 0) prior1++;
  prior0 = l - prior1;
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (a: number, b: number): number => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = (dec[i] as number) * a + b;
      const ti = t[i] as number;
      f += fApB >= 0 ? ti * fApB + Math.log(1 + Math.exp(-fApB)) : (ti - 1) * fApB + Math.log(1 + Math.exp(fApB));
    }
    return f;
  };
  for (let i = 0; i < l; i++) t[i] = (labels[i] as number) > 0 ? hi : lo;
  let fval = objective(A, B);
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const d = dec[i] as number;
      const fApB = d * A + B;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        const e = Math.exp(-fApB);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(fApB);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = p * q;
      h11 += d * d * d2;
      h22 += d2;
      h21 += d * d2;
      const d1 = (t[i] as number) - p;
      g1 += d * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 0.0001 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // libsvm: "Line search fails in two-class probability estimates"
  }
  return { A, B };
}

export function sigmoidPredict(dec: number, s: Sigmoid): number {
  const fApB = dec * s.A + s.B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Class probabilities p (length k) from pairwise estimates r (k×k row-major, r[i][j] = P(i | i or j)),
 * written into out at offset.
 */
export function coupleProbabilities(k: number, r: Float64Array, out: Float64Array, offset: number): void {
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  const Q = new Float64Array(k * k);
  const Qp = new Float64Array(k);
  const p = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    p[t] = 1 / k;
    let qtt = 0;
    for (let j = 0; j < t; j++) {
      qtt += (r[j * k + t] as number) ** 2;
      Q[t * k + j] = Q[j * k + t] as number;
    }
    for (let j = t + 1; j < k; j++) {
      qtt += (r[j * k + t] as number) ** 2;
      Q[t * k + j] = -(r[j * k + t] as number) * (r[t * k + j] as number);
    }
    Q[t * k + t] = qtt;
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += (Q[t * k + j] as number) * (p[j] as number);
      Qp[t] = s;
      pQp += (p[t] as number) * s;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs((Qp[t] as number) - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const qtt = Q[t * k + t] as number;
      const diff = (-(Qp[t] as number) + pQp) / qtt;
      p[t] = (p[t] as number) + diff;
      pQp = (pQp + diff * (diff * qtt + 2 * (Qp[t] as number))) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = ((Qp[j] as number) + diff * (Q[t * k + j] as number)) / (1 + diff);
        p[j] = (p[j] as number) / (1 + diff);
      }
    }
  }
  out.set(p, offset);
}
