import { type SplitChoice } from './grower-state.js';
import { HistogramPool } from './histograms.js';

// Moving a node's rows to the left and right of a split (scikit-learn's splitter partition step) with the
// children's stats, and the left-side sums of a candidate cut that the random splitter scans rows for.
export abstract class RowPartitioner extends HistogramPool {
  /** Stable partition of idx[s..e) by the split; fills childStats; returns the first right position. */
  protected partition(s: number, e: number, split: SplitChoice): number {
    const cs = this.childStats;
    for (let k = 0; k < cs.length; k++) cs[k] = 0;
    // column-major codes (stride 1 from feature * N) for large nodes, row-major (stride F) for small ones
    const small = e - s <= this.smallNode;
    const codes = small ? this.rowCodes : this.bins.codes;
    const base = small ? split.feature : split.feature * this.N;
    const stride = small ? this.F : 1;
    return this.isClf ? this.partitionClf(s, e, codes, base, stride, split.bin) : this.partitionReg(s, e, codes, base, stride, split.bin);
  }

  // Branch-free partitions: each row is written to both sides' next slot and only its own side
  // advances (idx[l] with l <= i has already been read); sums go to per-side accumulators.
  protected partitionClf(s: number, e: number, codes: Uint8Array, base: number, stride: number, sb: number): number {
    const idx = this.idx;
    const tmp = this.scratch;
    const cs = this.childStats;
    const NS = this.NS;
    const w = this.w;
    const yc = this.yc;
    let l = s;
    let rc = 0;
    let wL = 0;
    let wR = 0;
    if (this.K === 2) {
      // two classes: per-side class-1 weights in registers (no memory read-modify-write chain)
      let w1L = 0;
      let w1R = 0;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const right = ((sb - (codes[base + r * stride] as number)) >> 31) & 1;
        const left = right ^ 1;
        idx[l] = r;
        tmp[rc] = r;
        l += left;
        rc += right;
        const wr = w[r] as number;
        const w1 = (yc[r] as number) * wr;
        wR += right * wr;
        wL += left * wr;
        w1R += right * w1;
        w1L += left * w1;
      }
      cs[3] = w1L;
      cs[NS + 3] = w1R;
      cs[2] = this.unitWeights ? wL - w1L : this.classWeightLeft(s, l, 0);
      cs[NS + 2] = this.unitWeights ? wR - w1R : this.classWeightLeft(l, l + rc, 0, tmp);
    } else {
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const right = ((sb - (codes[base + r * stride] as number)) >> 31) & 1;
        idx[l] = r;
        tmp[rc] = r;
        l += right ^ 1;
        rc += right;
        const wr = w[r] as number;
        const k = right * NS + 2 + (yc[r] as number);
        cs[k] = (cs[k] as number) + wr;
        wR += right * wr;
        wL += (right ^ 1) * wr;
      }
    }
    cs[0] = l - s;
    cs[1] = wL;
    cs[NS] = rc;
    cs[NS + 1] = wR;
    for (let i = 0; i < rc; i++) idx[l + i] = tmp[i] as number;
    return l;
  }

  /** Weight of class k among rows rows[a..b) (idx by default), summed in row order. */
  protected classWeightLeft(a: number, b: number, k: number, rows: Int32Array = this.idx): number {
    const w = this.w;
    const yc = this.yc;
    let sum = 0;
    const off = rows === this.idx ? 0 : -a;
    for (let i = a; i < b; i++) {
      const r = rows[i + off] as number;
      if ((yc[r] as number) === k) sum += w[r] as number;
    }
    return sum;
  }

  protected partitionReg(s: number, e: number, codes: Uint8Array, base: number, stride: number, sb: number): number {
    const idx = this.idx;
    const tmp = this.scratch;
    const cs = this.childStats;
    const NS = this.NS;
    const w = this.w;
    const yv = this.yv;
    let l = s;
    let rc = 0;
    let wL = 0;
    let wR = 0;
    let sL = 0;
    let sR = 0;
    let qL = 0;
    let qR = 0;
    for (let i = s; i < e; i++) {
      const r = idx[i] as number;
      const right = ((sb - (codes[base + r * stride] as number)) >> 31) & 1;
      const left = right ^ 1;
      idx[l] = r;
      tmp[rc] = r;
      l += left;
      rc += right;
      const wr = w[r] as number;
      const y = yv[r] as number;
      const wy = wr * y;
      const wyy = wy * y;
      wL += left * wr;
      wR += right * wr;
      sL += left * wy;
      sR += right * wy;
      qL += left * wyy;
      qR += right * wyy;
    }
    cs[0] = l - s;
    cs[1] = wL;
    cs[2] = sL;
    cs[3] = qL;
    cs[NS] = rc;
    cs[NS + 1] = wR;
    cs[NS + 2] = sR;
    cs[NS + 3] = qR;
    for (let i = 0; i < rc; i++) idx[l + i] = tmp[i] as number;
    return l;
  }

  // Left-side sums of rows idx[s..e) whose bin is <= bin, into cum / leftCount / leftWeight.
  // Branch-free: l = 1 when the row goes left. One method per case keeps each loop monomorphic.
  protected leftSumsClfUnit(codes: Uint8Array, base: number, stride: number, s: number, e: number, bin: number): void {
    const idx = this.idx;
    const yc = this.yc;
    const cum = this.cum;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lc = 0;
    if (this.K === 2) {
      // two classes: count class 1 in a register instead of a memory read-modify-write chain
      let l1 = 0;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
        lc += l;
        l1 += l & (yc[r] as number);
      }
      cum[0] = lc - l1;
      cum[1] = l1;
    } else {
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
        const k = yc[r] as number;
        cum[k] = (cum[k] as number) + l;
        lc += l;
      }
    }
    this.leftCount = lc;
    this.leftWeight = lc;
  }

  protected leftSumsClf(codes: Uint8Array, base: number, stride: number, s: number, e: number, bin: number): void {
    const idx = this.idx;
    const yc = this.yc;
    const w = this.w;
    const cum = this.cum;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lc = 0;
    let lw = 0;
    for (let i = s; i < e; i++) {
      const r = idx[i] as number;
      const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
      const wl = l * (w[r] as number);
      const k = yc[r] as number;
      cum[k] = (cum[k] as number) + wl;
      lc += l;
      lw += wl;
    }
    this.leftCount = lc;
    this.leftWeight = lw;
  }

  protected leftSumsReg(codes: Uint8Array, base: number, stride: number, s: number, e: number, bin: number): void {
    const idx = this.idx;
    const w = this.w;
    const wy = this.wy;
    let lc = 0;
    let lw = 0;
    let sl = 0;
    for (let i = s; i < e; i++) {
      const r = idx[i] as number;
      const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
      lc += l;
      lw += l * (w[r] as number);
      sl += l * (wy[r] as number);
    }
    this.cum[0] = sl;
    this.leftCount = lc;
    this.leftWeight = lw;
  }
}
