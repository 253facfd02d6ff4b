import type { LeafPatternTree } from './leaf-pattern-shap.js';

/** Rows one pass over the tree takes at once. */
const BATCH = 256;

/**
 * explainByPatterns for many rows at once, without testing every leaf's intervals: one depth-first pass over the tree
 * per batch of rows carries each row's pattern bits down the tree (bit i of a node's pattern: the row satisfies every
 * condition so far on the path's i-th unique feature, positions in first-appearance order as the leaf patterns
 * number them), one comparison per row and split; at a leaf, the pattern indexes the leaf's weights (premultiplied
 * by its values). Xc is X column-major (feature j of row r at Xc[j · rows + r]).
 */
export class BatchedPatternPass {
  private readonly t: LeafPatternTree['tree'];
  /** leaf index of each node (−1 for internal nodes) */
  private readonly leafOf: Int32Array;
  /** weights[w] · value[o] per leaf pattern entry and output: scaled[(w) · outputs + o] */
  private readonly scaled: Float64Array;
  private readonly pattern: Int32Array;
  private readonly goLeft: Uint8Array;
  /** path position of each feature (−1 when not on the path) */
  private readonly position: Int32Array;
  /**
   * Splits whose children are both leaves (the bottom of most trees): one table indexed by the split's own pattern
   * and the row's side, pair[pairStart[node] + ((pattern · 2 + goLeft) · d + i) · outputs + o] = both leaves'
   * scaled weights summed, so such a split costs one lookup per row instead of two leaves; −1 for other nodes.
   */
  private readonly pairStart: Int32Array;
  private readonly pair: Float64Array;
  private a = 0;
  private nb = 0;

  constructor(
    private readonly lp: LeafPatternTree,
    private readonly Xc: Float64Array,
    private readonly rows: number,
    private readonly phi: Float64Array,
    private readonly stride: number,
    private readonly nFeatures: number,
  ) {
    const t = lp.tree;
    this.t = t;
    const n = t.feature.length;
    this.leafOf = new Int32Array(n).fill(-1);
    lp.leafNode.forEach((node, l) => (this.leafOf[node] = l));
    const outs = t.outputs;
    this.scaled = new Float64Array(lp.weights.length * outs);
    for (let l = 0; l < lp.leafNode.length; l++) {
      const start = lp.weightStart[l] as number;
      const d = (lp.elemStart[l + 1] as number) - (lp.elemStart[l] as number);
      const end = start + (1 << d) * d;
      const vBase = (lp.leafNode[l] as number) * outs;
      for (let w = start; w < end; w++) for (let o = 0; o < outs; o++) this.scaled[w * outs + o] = (lp.weights[w] as number) * (t.value[vBase + o] as number);
    }
    let depth = 0;
    const walk = (node: number, d: number): void => {
      if (d > depth) depth = d;
      if ((t.feature[node] as number) >= 0) {
        walk(t.left[node] as number, d + 1);
        walk(t.right[node] as number, d + 1);
      }
    };
    walk(0, 0);
    this.pattern = new Int32Array((depth + 1) * BATCH);
    this.goLeft = new Uint8Array((depth + 1) * BATCH);
    this.position = new Int32Array(nFeatures).fill(-1);
    this.pairStart = new Int32Array(n).fill(-1);
    const chunks: Float64Array[] = [];
    let size = 0;
    const position = new Int32Array(nFeatures).fill(-1);
    const pairs = (node: number, unique: number): void => {
      const f = t.feature[node] as number;
      if (f < 0) return;
      const prior = position[f] as number;
      const pos = prior >= 0 ? prior : unique;
      const left = this.leafOf[t.left[node] as number] as number;
      const right = this.leafOf[t.right[node] as number] as number;
      if (left >= 0 && right >= 0) {
        const d = (lp.elemStart[left + 1] as number) - (lp.elemStart[left] as number);
        const dParent = prior >= 0 ? d : d - 1;
        const bit = 1 << pos;
        const table = new Float64Array((1 << dParent) * 2 * d * outs);
        const wl = lp.weightStart[left] as number;
        const wr = lp.weightStart[right] as number;
        for (let P = 0; P < 1 << dParent; P++)
          for (let g = 0; g < 2; g++) {
            const kept = prior >= 0 ? P : P | bit;
            const dropped = prior >= 0 ? P & ~bit : P;
            const lpat = g === 1 ? kept : dropped;
            const rpat = g === 1 ? dropped : kept;
            for (let i = 0; i < d; i++)
              for (let o = 0; o < outs; o++)
                table[((P * 2 + g) * d + i) * outs + o] = (this.scaled[(wl + lpat * d + i) * outs + o] as number) + (this.scaled[(wr + rpat * d + i) * outs + o] as number);
          }
        this.pairStart[node] = size;
        chunks.push(table);
        size += table.length;
        return;
      }
      position[f] = pos;
      const next = prior >= 0 ? unique : unique + 1;
      pairs(t.left[node] as number, next);
      pairs(t.right[node] as number, next);
      position[f] = prior;
    };
    pairs(0, 0);
    this.pair = new Float64Array(size);
    let at = 0;
    for (const c of chunks) {
      this.pair.set(c, at);
      at += c.length;
    }
  }

  /** Adds the tree's SHAP values of rows from … to − 1 into phi[row · stride + (outputOffset + o) · nFeatures + feature]. */
  explain(from: number, to: number): void {
    for (let a = from; a < to; a += BATCH) {
      this.a = a;
      this.nb = Math.min(BATCH, to - a);
      this.pattern.fill(0, 0, BATCH);
      this.visit(0, 0, 0);
    }
  }

  private visit(node: number, level: number, unique: number): void {
    const { t, pattern, nb } = this;
    const f = t.feature[node] as number;
    const pl = level * BATCH;
    if (f < 0) {
      this.leaf(node, pl);
      return;
    }
    const goLeft = this.goLeft;
    const thr = t.threshold[node] as number;
    const nanLeft = t.missingLeft[node] === 1;
    const Xc = this.Xc;
    const xo = f * this.rows + this.a;
    const ps = this.pairStart[node] as number;
    if (ps >= 0) {
      this.leafPair(node, ps, pl, xo, thr, nanLeft);
      return;
    }
    const nanBit = nanLeft ? 1 : 0;
    // branch-free: splits send rows either way unpredictably
    for (let b = 0; b < nb; b++) {
      const v = Xc[xo + b] as number;
      goLeft[pl + b] = Number(v <= thr) | (Number(v !== v) & nanBit);
    }
    const prior = this.position[f] as number;
    const pos = prior >= 0 ? prior : unique;
    const cl = pl + BATCH;
    for (let side = 0; side < 2; side++) {
      // miss = 1 where the row does not take this side
      const flip = side === 0 ? 1 : 0;
      if (prior >= 0)
        for (let b = 0; b < nb; b++) pattern[cl + b] = (pattern[pl + b] as number) & ~(((goLeft[pl + b] as number) ^ flip) << pos);
      else for (let b = 0; b < nb; b++) pattern[cl + b] = (pattern[pl + b] as number) | ((1 ^ (goLeft[pl + b] as number) ^ flip) << pos);
      this.position[f] = pos;
      this.visit((side === 0 ? t.left[node] : t.right[node]) as number, level + 1, prior >= 0 ? unique : unique + 1);
      this.position[f] = prior;
    }
  }

  private leafPair(node: number, ps: number, pl: number, xo: number, thr: number, nanLeft: boolean): void {
    const { lp, t, pattern, nb, phi, stride, nFeatures, Xc } = this;
    const l = this.leafOf[t.left[node] as number] as number;
    const start = lp.elemStart[l] as number;
    const d = (lp.elemStart[l + 1] as number) - start;
    const outs = t.outputs;
    const W = this.pair;
    const feat = lp.elemFeature;
    const off = t.outputOffset * nFeatures;
    const nanBit = nanLeft ? 1 : 0;
    for (let b = 0; b < nb; b++) {
      const v = Xc[xo + b] as number;
      const g = Number(v <= thr) | (Number(v !== v) & nanBit);
      const wb = ps + ((pattern[pl + b] as number) * 2 + g) * d * outs;
      const rb = (this.a + b) * stride + off;
      if (outs === 1)
        for (let i = 0; i < d; i++) {
          const at = rb + (feat[start + i] as number);
          phi[at] = (phi[at] as number) + (W[wb + i] as number);
        }
      else
        for (let i = 0; i < d; i++) {
          const fi = feat[start + i] as number;
          for (let o = 0; o < outs; o++) {
            const at = rb + o * nFeatures + fi;
            phi[at] = (phi[at] as number) + (W[wb + i * outs + o] as number);
          }
        }
    }
  }

  private leaf(node: number, pl: number): void {
    const { lp, t, pattern, nb, phi, stride, nFeatures } = this;
    const l = this.leafOf[node] as number;
    const start = lp.elemStart[l] as number;
    const d = (lp.elemStart[l + 1] as number) - start;
    if (d === 0) return;
    const wStart = lp.weightStart[l] as number;
    const outs = t.outputs;
    const W = this.scaled;
    const feat = lp.elemFeature;
    const off = t.outputOffset * nFeatures;
    if (outs === 1) {
      for (let b = 0; b < nb; b++) {
        const wb = wStart + (pattern[pl + b] as number) * d;
        const rb = (this.a + b) * stride + off;
        for (let i = 0; i < d; i++) {
          const at = rb + (feat[start + i] as number);
          phi[at] = (phi[at] as number) + (W[wb + i] as number);
        }
      }
      return;
    }
    for (let b = 0; b < nb; b++) {
      const wb = wStart + (pattern[pl + b] as number) * d;
      const rb = (this.a + b) * stride + off;
      for (let i = 0; i < d; i++) {
        const fi = feat[start + i] as number;
        for (let o = 0; o < outs; o++) {
          const at = rb + o * nFeatures + fi;
          phi[at] = (phi[at] as number) + (W[(wb + i) * outs + o] as number);
        }
      }
    }
  }
}
