import { type HistBuffer, MASK_WORDS } from './grower-state.js';
import { NodeCriterion } from './criterion.js';

/**
 * Histograms: per bin [count, class weights...] (classification) or [count, w, w*y] (regression), with a
 * 256-bit occupancy mask per feature so small nodes only touch their non-empty bins. When every feature
 * is visited (maxFeatures = all), a node keeps histograms of all features and the larger child's are
 * obtained as parent minus smaller sibling (scikit-learn's _hist_gradient_boosting/histogram). A pool
 * of buffers is reused across nodes.
 */
export abstract class HistogramPool extends NodeCriterion {
  protected acquire(): HistBuffer {
    return this.pool.pop() ?? { h: new Float64Array(this.histSize), mask: new Uint32Array(this.F * MASK_WORDS) };
  }

  /** Returns a buffer to the pool, zeroing only the bins its masks mark. */
  protected release(hb: HistBuffer): void {
    for (let f = 0; f < this.F; f++) this.clearFeature(hb, this.S * (this.bins.start[f] as number), f * MASK_WORDS, f);
    this.pool.push(hb);
  }

  protected clearFeature(hb: HistBuffer, ho: number, mo: number, f: number): void {
    const { h, mask } = hb;
    const S = this.S;
    const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
    for (let wi = 0; wi < words; wi++) {
      let word = mask[mo + wi] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const o = ho + ((wi << 5) | (31 - Math.clz32(low))) * S;
        for (let k = 0; k < S; k++) h[o + k] = 0;
      }
      mask[mo + wi] = 0;
    }
  }

  protected buildAll(hb: HistBuffer, s: number, e: number): void {
    for (let f = 0; f < this.F; f++) this.buildFeature(hb, this.S * (this.bins.start[f] as number), f * MASK_WORDS, f, s, e);
  }

  /** Adds rows idx[s..e) to feature f's histogram at h[ho..], marking bins in mask[mo..]. */
  protected buildFeature(hb: HistBuffer, ho: number, mo: number, f: number, s: number, e: number): void {
    const { h, mask } = hb;
    const idx = this.idx;
    const codes = this.bins.codes;
    const base = f * this.N;
    const w = this.w;
    if (this.isClf) {
      const yc = this.yc;
      const S = this.S;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const b = codes[base + r] as number;
        const o = ho + b * S;
        h[o] = (h[o] as number) + 1;
        const ok = o + 1 + (yc[r] as number);
        h[ok] = (h[ok] as number) + (w[r] as number);
        const mi = mo + (b >>> 5);
        mask[mi] = (mask[mi] as number) | (1 << (b & 31));
      }
    } else {
      const wy = this.wy;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const b = codes[base + r] as number;
        const o = ho + b * 3;
        h[o] = (h[o] as number) + 1;
        h[o + 1] = (h[o + 1] as number) + (w[r] as number);
        h[o + 2] = (h[o + 2] as number) + (wy[r] as number);
        const mi = mo + (b >>> 5);
        mask[mi] = (mask[mi] as number) | (1 << (b & 31));
      }
    }
  }

  /** parent -= child over the parent's marked bins (the parent's masks stay a superset). */
  protected subtract(parent: HistBuffer, child: HistBuffer): void {
    const S = this.S;
    const hp = parent.h;
    const hc = child.h;
    for (let f = 0; f < this.F; f++) {
      const ho = S * (this.bins.start[f] as number);
      const mo = f * MASK_WORDS;
      const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
      for (let wi = 0; wi < words; wi++) {
        let word = (parent.mask[mo + wi] as number) & (child.mask[mo + wi] as number);
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const o = ho + ((wi << 5) | (31 - Math.clz32(low))) * S;
          for (let k = 0; k < S; k++) hp[o + k] = (hp[o + k] as number) - (hc[o + k] as number);
        }
      }
    }
  }

  /**
   * Histograms of the children that will be split further, reusing the parent's buffer: the larger
   * child's as parent minus the smaller one's (that only touches the smaller child's bins), unless the
   * larger child needs none.
   */
  protected childHistograms(parent: HistBuffer, s: number, mid: number, e: number, needL: boolean, needR: boolean): void {
    const leftIsLarge = mid - s >= e - mid;
    const needLarge = leftIsLarge ? needL : needR;
    const needSmall = leftIsLarge ? needR : needL;
    const [ss, se] = leftIsLarge ? [mid, e] : [s, mid];
    let large: HistBuffer | null = null;
    let small: HistBuffer | null = null;
    if (needLarge) {
      small = this.acquire();
      this.buildAll(small, ss, se);
      this.subtract(parent, small);
      large = parent;
      if (!needSmall) {
        this.release(small);
        small = null;
      }
    } else {
      // only the smaller child goes on: rebuild the parent's buffer for it
      this.release(parent);
      small = this.acquire();
      this.buildAll(small, ss, se);
    }
    this.histL = leftIsLarge ? large : small;
    this.histR = leftIsLarge ? small : large;
  }
}
