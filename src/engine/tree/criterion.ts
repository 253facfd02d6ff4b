import { LN2, GrowerState } from './grower-state.js';

// Node statistics and impurity (scikit-learn's tree/_criterion: Gini, Entropy, MSE, FriedmanMSE), over
// the node-stats layout [count, weight, K class weights] (classification) or [count, w, w*y, w*y*y].
export abstract class NodeCriterion extends GrowerState {
  protected addRowStats(st: Float64Array, off: number, r: number): void {
    const w = this.w[r] as number;
    st[off] = (st[off] as number) + 1;
    st[off + 1] = (st[off + 1] as number) + w;
    if (this.isClf) {
      const k = off + 2 + (this.yc[r] as number);
      st[k] = (st[k] as number) + w;
    } else {
      const y = this.yv[r] as number;
      st[off + 2] = (st[off + 2] as number) + w * y;
      st[off + 3] = (st[off + 3] as number) + w * y * y;
    }
  }

  protected impurity(st: Float64Array, off: number): number {
    const w = st[off + 1] as number;
    if (this.isClf) {
      if (this.p.criterion === 'entropy') {
        let ent = 0;
        for (let k = 0; k < this.K; k++) {
          const c = st[off + 2 + k] as number;
          if (c > 0) {
            const q = c / w;
            ent -= q * (Math.log(q) / LN2);
          }
        }
        return ent;
      }
      let sq = 0;
      for (let k = 0; k < this.K; k++) {
        const c = st[off + 2 + k] as number;
        sq += c * c;
      }
      return 1 - sq / (w * w);
    }
    const mean = (st[off + 2] as number) / w;
    return (st[off + 3] as number) / w - mean * mean;
  }

  /** scikit-learn's impurity_improvement (FriedmanMSE has its own formula). */
  protected improvement(parent: Float64Array, imp: number, impL: number, impR: number): number {
    const cs = this.childStats;
    const NS = this.NS;
    const wN = parent[1] as number;
    const wL = cs[1] as number;
    const wR = cs[NS + 1] as number;
    if (this.p.criterion === 'friedman_mse') {
      const diff = wR * (cs[2] as number) - wL * (cs[NS + 2] as number);
      return (diff * diff) / (wL * wR * wN);
    }
    return (wN / this.rootWeight) * (imp - (wR / wN) * impR - (wL / wN) * impL);
  }

  /** Split criterion proxy (larger is better) for left stats `cum` (class weights or [w*y]) of weight lw. */
  protected proxy(cum: Float64Array, lw: number, tot: Float64Array): number {
    const rw = (tot[1] as number) - lw;
    if (!this.isClf) {
      const sl = cum[0] as number;
      const sr = (tot[2] as number) - sl;
      return (sl * sl) / lw + (sr * sr) / rw;
    }
    // scikit-learn's generic proxy, -w_right * impurity_right - w_left * impurity_left, computed with
    // its float operations so that near-ties order the same way
    const K = this.K;
    if (this.p.criterion === 'entropy') {
      let el = 0;
      let er = 0;
      for (let k = 0; k < K; k++) {
        const cl = cum[k] as number;
        const cr = (tot[2 + k] as number) - cl;
        if (cl > 0) {
          const q = cl / lw;
          el -= q * (Math.log(q) / LN2);
        }
        if (cr > 0) {
          const q = cr / rw;
          er -= q * (Math.log(q) / LN2);
        }
      }
      return -rw * er - lw * el;
    }
    let sl = 0;
    let sr = 0;
    for (let k = 0; k < K; k++) {
      const cl = cum[k] as number;
      const cr = (tot[2 + k] as number) - cl;
      sl += cl * cl;
      sr += cr * cr;
    }
    return -rw * (1 - sr / (rw * rw)) - lw * (1 - sl / (lw * lw));
  }

  /** Proxy of the split of a small regression node's two gathered rows that puts row `i` alone on the left. */
  protected singleLeftProxy(i: number, tot: Float64Array): number {
    const lw = this.smallW[i] as number;
    const sl = this.smallY[i] as number;
    const sr = (tot[2] as number) - sl;
    return (sl * sl) / lw + (sr * sr) / ((tot[1] as number) - lw);
  }
}
