import type { ShapTree } from './tree-shap.js';

/**
 * Exact TreeSHAP in O(nodes · depth / 2) per row (the idea of Yu et al., "Linear TreeShap", NeurIPS 2022, with
 * Gauss–Legendre quadrature in place of their interpolation). Algorithm 2's weight of path element i at a leaf
 * is the Shapley sum Σ_S |S|!(d−1−|S|)!/d! Π_{S} one Π_{rest} zero over the d unique path features; by the Beta
 * integral that is ∫₀¹ Π_{j≠i} (zero_j + (one_j − zero_j)·t) dt, a polynomial of degree d − 1 in t, which an
 * m-point Gauss–Legendre rule with 2m − 1 ≥ d − 1 integrates exactly. So one depth-first pass per row keeps,
 * per level, the product G(t_k) = Π_path (zero + (one − zero)·t_k) at the m nodes, returns per node the sums
 * S(t_k) = Σ_leaves below value · G(t_k), and credits a node's feature (one − zero) · Σ_k w_k S(t_k) / factor(t_k)
 * on the way back. A feature met again deeper on the path (its conditions merge, as in Algorithm 2's unwind)
 * swaps its factor in G and corrects the credit its earlier occurrence gave the leaves below.
 */

/**
 * A tree prepared for the linear pass with an m-point rule. The background share z of the edge into a node is
 * fixed by the path, and the row's "one" is 0 or 1, so each edge's factor ratio (new factor over the replaced
 * one of an earlier split on the same feature) and credit coefficients are precomputed for the three cases:
 * 0 = the row takes the edge, 1 = it does not, 2 = it failed an earlier split on the same feature.
 */
export interface LinearTree {
  readonly tree: ShapTree;
  readonly m: number;
  /** mult[(node · 3 + case) · m + k]: factor(t_k) / replaced factor(t_k) of the edge into node. */
  readonly mult: Float64Array;
  /** coef[(node · 3 + case) · m + k]: w_k · ((one − zero) / factor(t_k) − (one′ − zero′) / replaced factor(t_k)). */
  readonly coef: Float64Array;
  /** 1 where the edge's background share is 0 (a branch the row does not take then adds exactly 0). */
  readonly uncovered: Uint8Array;
  readonly maxDepth: number;
}

export function prepareLinearTree(tree: ShapTree, m = quadraturePoints(tree)): LinearTree {
  const { t, w } = gaussLegendre01(m);
  const n = tree.feature.length;
  const mult = new Float64Array(n * 3 * m);
  const coef = new Float64Array(n * 3 * m);
  const uncovered = new Uint8Array(n);
  let width = 1;
  for (let i = 0; i < n; i++) width = Math.max(width, (tree.feature[i] as number) + 1);
  // merged background share of each feature on the current path; NaN = not on the path
  const zOf = new Float64Array(width).fill(NaN);
  let maxDepth = 0;
  const set = (node: number, c: number, z: number, one: number, pz: number, pOne: number): void => {
    const base = (node * 3 + c) * m;
    for (let k = 0; k < m; k++) {
      const tk = t[k] as number;
      const f = z + (one - z) * tk;
      const fp = pz !== pz ? 1 : pz + (pOne - pz) * tk;
      // f = 0: a branch neither the background nor the row takes; fp = 0: below one (only rows whose G is
      // already 0 get there); both add exactly 0, kept finite so that 0 · factor stays 0
      if (f === 0 || fp === 0) {
        mult[base + k] = 0;
        coef[base + k] = 0;
        continue;
      }
      mult[base + k] = f / fp;
      coef[base + k] = (w[k] as number) * ((one - z) / f - (pz !== pz ? 0 : (pOne - pz) / fp));
    }
  };
  const walk = (node: number, depth: number): void => {
    if (depth > maxDepth) maxDepth = depth;
    const f = tree.feature[node] as number;
    if (f < 0) return;
    const w0 = tree.cover[node] as number;
    const pz = zOf[f] as number;
    for (const c of [tree.left[node] as number, tree.right[node] as number]) {
      const z = (pz !== pz ? 1 : pz) * (w0 > 0 ? (tree.cover[c] as number) / w0 : 0.5);
      uncovered[c] = z === 0 ? 1 : 0;
      set(c, 0, z, 1, pz, 1);
      set(c, 1, z, 0, pz, 1);
      if (pz === pz) set(c, 2, z, 0, pz, 0);
      zOf[f] = z;
      walk(c, depth + 1);
      zOf[f] = pz;
    }
  };
  walk(0, 0);
  return { tree, m, mult, coef, uncovered, maxDepth };
}

/**
 * Adds the prepared tree's SHAP values of rows from … to − 1 of X (row-major, `cols` wide) into
 * phi[row · stride + output · nFeatures + feature]: one iterative depth-first pass per row over preallocated
 * per-level buffers (G, S, the row's "one" per level, the pending child per level), no allocation per node.
 */
export function linearShapRows(lt: LinearTree, X: Float64Array, cols: number, from: number, to: number, phi: Float64Array, stride: number, nFeatures: number): void {
  const { tree, m, mult, coef, uncovered } = lt;
  const { feature, threshold, left, right, missingLeft, value } = tree;
  const outs = tree.outputs;
  const mo = m * outs;
  const levels = lt.maxDepth + 2;
  const G = new Float64Array(levels * m);
  const S = new Float64Array(levels * mo);
  const one = new Uint8Array(levels);
  const nodeAt = new Int32Array(levels);
  const sideAt = new Uint8Array(levels);
  const goLeftAt = new Uint8Array(levels);
  const prevAt = new Int32Array(levels);
  const caseAt = new Int32Array(levels);
  const featLevel = new Int32Array(nFeatures).fill(-1);
  const outBase = tree.outputOffset * nFeatures;
  for (let r = from; r < to; r++) {
    const xBase = r * cols;
    const pBase = r * stride + outBase;
    for (let k = 0; k < m; k++) G[k] = 1;
    let level = 0;
    nodeAt[0] = 0;
    let entering = true;
    while (level >= 0) {
      const node = nodeAt[level] as number;
      const f = feature[node] as number;
      if (entering) {
        if (f < 0) {
          // leaf: S = value · G, then back to the parent
          const sBase = level * mo;
          const gBase = level * m;
          const vBase = node * outs;
          if (outs === 1) {
            const v = value[vBase] as number;
            for (let k = 0; k < m; k++) S[sBase + k] = v * (G[gBase + k] as number);
          } else
            for (let k = 0; k < m; k++) {
              const g = G[gBase + k] as number;
              for (let o = 0; o < outs; o++) S[sBase + k * outs + o] = g * (value[vBase + o] as number);
            }
          level--;
          entering = false;
          continue;
        }
        const sBase = level * mo;
        for (let j = 0; j < mo; j++) S[sBase + j] = 0;
        const v = X[xBase + f] as number;
        goLeftAt[level] = (v !== v ? missingLeft[node] === 1 : v <= (threshold[node] as number)) ? 1 : 0;
        prevAt[level] = featLevel[f] as number;
        sideAt[level] = 0;
      } else {
        // a child of this node has filled S[level + 1]: credit f and add the child's sums into S[level]
        const child = level + 1;
        featLevel[f] = prevAt[level] as number;
        const cBase = caseAt[child] as number;
        const sBase = level * mo;
        const csBase = child * mo;
        if (outs === 1) {
          let acc = 0;
          for (let k = 0; k < m; k++) {
            const sv = S[csBase + k] as number;
            acc += (coef[cBase + k] as number) * sv;
            S[sBase + k] = (S[sBase + k] as number) + sv;
          }
          phi[pBase + f] = (phi[pBase + f] as number) + acc;
        } else
          for (let o = 0; o < outs; o++) {
            let acc = 0;
            for (let k = 0; k < m; k++) {
              const j = k * outs + o;
              const sv = S[csBase + j] as number;
              acc += (coef[cBase + k] as number) * sv;
              S[sBase + j] = (S[sBase + j] as number) + sv;
            }
            const at = pBase + o * nFeatures + f;
            phi[at] = (phi[at] as number) + acc;
          }
      }
      // next child of this internal node, or back to its parent
      const prev = prevAt[level] as number;
      const po = prev >= 0 ? (one[prev] as number) : 1;
      let descended = false;
      while ((sideAt[level] as number) < 2) {
        const side = sideAt[level] as number;
        sideAt[level] = side + 1;
        const c = (side === 0 ? left[node] : right[node]) as number;
        const o1 = (side === 0) === (goLeftAt[level] === 1) ? po : 0;
        if (o1 === 0 && uncovered[c] === 1) continue;
        const child = level + 1;
        const vBase = (c * 3 + (o1 === 1 ? 0 : po === 1 ? 1 : 2)) * m;
        const gBase = level * m;
        const cgBase = child * m;
        for (let k = 0; k < m; k++) G[cgBase + k] = (G[gBase + k] as number) * (mult[vBase + k] as number);
        one[child] = o1;
        caseAt[child] = vBase;
        featLevel[f] = child;
        nodeAt[child] = c;
        level = child;
        descended = true;
        break;
      }
      if (descended) entering = true;
      else {
        level--;
        entering = false;
      }
    }
  }
}

export interface QuadratureRule {
  readonly t: Float64Array;
  readonly w: Float64Array;
}

const rules = new Map<number, QuadratureRule>();

/** m-point Gauss–Legendre rule on [0, 1] (exact for polynomials of degree ≤ 2m − 1), by Newton's method on P_m. */
export function gaussLegendre01(m: number): QuadratureRule {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`m must be a positive integer (got ${m})`);
  const cached = rules.get(m);
  if (cached) return cached;
  const t = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < Math.ceil(m / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let n = 2; n <= m; n++) {
        const p2 = ((2 * n - 1) * x * p1 - (n - 1) * p0) / n;
        p0 = p1;
        p1 = p2;
      }
      const pm = m === 1 ? x : p1;
      const pm1 = m === 1 ? 1 : p0;
      dp = (m * (x * pm - pm1)) / (x * x - 1);
      const dx = pm / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const wi = 2 / ((1 - x * x) * dp * dp);
    // nodes ±x on [−1, 1] map to (1 ∓ x) / 2 on [0, 1], weights halve
    t[i] = (1 - x) / 2;
    t[m - 1 - i] = (1 + x) / 2;
    w[i] = wi / 2;
    w[m - 1 - i] = wi / 2;
  }
  const rule = { t, w };
  rules.set(m, rule);
  return rule;
}

/** Most unique features on one root-to-leaf path of the tree (the degree bound of its weight polynomials, + 1). */
export function maxUniquePathFeatures(t: ShapTree): number {
  let best = 0;
  let width = 1;
  for (let i = 0; i < t.feature.length; i++) width = Math.max(width, (t.feature[i] as number) + 1);
  const count = new Int32Array(width);
  const walk = (node: number, unique: number): void => {
    const f = t.feature[node] as number;
    if (f < 0) {
      if (unique > best) best = unique;
      return;
    }
    const first = count[f] === 0;
    count[f] = (count[f] as number) + 1;
    walk(t.left[node] as number, first ? unique + 1 : unique);
    walk(t.right[node] as number, first ? unique + 1 : unique);
    count[f] = (count[f] as number) - 1;
  };
  walk(0, 0);
  return best;
}

/** Quadrature points the tree needs: the weight polynomials have degree ≤ unique path features − 1. */
export function quadraturePoints(t: ShapTree): number {
  return Math.max(1, Math.ceil(maxUniquePathFeatures(t) / 2));
}

/** Rows a batched pass takes at once. */
const BATCH = 64;

/**
 * linearShapRows over batches of BATCH rows: the depth-first pass goes over the tree once per batch and each
 * node's work runs in loops over the batch's rows (buffers per level: G[k][row], S[k · outputs + o][row], the
 * row's "one" and factor case), so the per-node control work is paid once per batch instead of once per row.
 * Rows that do not take an uncovered branch get G = 0 there (its factors are 0), adding exactly 0.
 */
export function batchedShapRows(lt: LinearTree, X: Float64Array, cols: number, from: number, to: number, phi: Float64Array, stride: number, nFeatures: number): void {
  const pass = new BatchedPass(lt, X, cols, phi, stride, nFeatures);
  for (let a = from; a < to; a += BATCH) pass.run(a, Math.min(BATCH, to - a));
}

class BatchedPass {
  private readonly G: Float64Array;
  private readonly S: Float64Array;
  private readonly one: Uint8Array;
  private readonly kase: Int32Array;
  private readonly goLeft: Uint8Array;
  private readonly featLevel: Int32Array;
  private readonly m: number;
  private readonly mo: number;
  private a = 0;
  private nb = 0;

  constructor(
    private readonly lt: LinearTree,
    private readonly X: Float64Array,
    private readonly cols: number,
    private readonly phi: Float64Array,
    private readonly stride: number,
    private readonly nFeatures: number,
  ) {
    const levels = lt.maxDepth + 1;
    this.m = lt.m;
    this.mo = lt.m * lt.tree.outputs;
    this.G = new Float64Array(levels * this.m * BATCH);
    this.S = new Float64Array(levels * this.mo * BATCH);
    this.one = new Uint8Array(levels * BATCH);
    this.kase = new Int32Array(levels * BATCH);
    this.goLeft = new Uint8Array(levels * BATCH);
    this.featLevel = new Int32Array(nFeatures).fill(-1);
  }

  run(a: number, nb: number): void {
    this.a = a;
    this.nb = nb;
    this.G.fill(1, 0, this.m * BATCH);
    this.visit(0, 0);
  }

  private visit(node: number, level: number): void {
    const { lt, G, S, one, kase, goLeft, featLevel, m, mo, nb } = this;
    const tree = lt.tree;
    const outs = tree.outputs;
    const gl = level * m * BATCH;
    const sl = level * mo * BATCH;
    const f = tree.feature[node] as number;
    if (f < 0) {
      const vBase = node * outs;
      for (let k = 0; k < m; k++)
        for (let o = 0; o < outs; o++) {
          const v = tree.value[vBase + o] as number;
          const sb = sl + (k * outs + o) * BATCH;
          const gb = gl + k * BATCH;
          for (let b = 0; b < nb; b++) S[sb + b] = v * (G[gb + b] as number);
        }
      return;
    }
    S.fill(0, sl, sl + mo * BATCH);
    const X = this.X;
    const cols = this.cols;
    const thr = tree.threshold[node] as number;
    const nanLeft = tree.missingLeft[node] === 1;
    const lb = level * BATCH;
    for (let b = 0, x = (this.a * cols) + f; b < nb; b++, x += cols) {
      const v = X[x] as number;
      goLeft[lb + b] = (v !== v ? nanLeft : v <= thr) ? 1 : 0;
    }
    const prev = featLevel[f] as number;
    const pb = prev * BATCH;
    const child = level + 1;
    const cb = child * BATCH;
    const cgl = child * m * BATCH;
    const csl = child * mo * BATCH;
    const { mult, coef } = lt;
    const phi = this.phi;
    const stride = this.stride;
    const nF = this.nFeatures;
    for (let side = 0; side < 2; side++) {
      const c = (side === 0 ? tree.left[node] : tree.right[node]) as number;
      const uncovered = lt.uncovered[c] === 1;
      const c3 = c * 3;
      let any = !uncovered;
      for (let b = 0; b < nb; b++) {
        const po = prev >= 0 ? (one[pb + b] as number) : 1;
        const o1 = (side === 0) === (goLeft[lb + b] === 1) ? po : 0;
        one[cb + b] = o1;
        kase[cb + b] = (c3 + (o1 === 1 ? 0 : po === 1 ? 1 : 2)) * m;
        if (o1 === 1) any = true;
      }
      if (!any) continue;
      if ((tree.feature[c] as number) < 0) {
        // a leaf child: its S and f's credit straight from G · factor, without a level of its own
        const vBase = c * outs;
        for (let o = 0; o < outs; o++) {
          const v = tree.value[vBase + o] as number;
          const at = (tree.outputOffset + o) * nF + f;
          for (let b = 0; b < nb; b++) {
            const vb = kase[cb + b] as number;
            let acc = 0;
            for (let k = 0; k < m; k++) {
              const g = v * (G[gl + k * BATCH + b] as number) * (mult[vb + k] as number);
              acc += (coef[vb + k] as number) * g;
              const j = sl + (k * outs + o) * BATCH + b;
              S[j] = (S[j] as number) + g;
            }
            const p = (this.a + b) * stride + at;
            phi[p] = (phi[p] as number) + acc;
          }
        }
        continue;
      }
      for (let k = 0; k < m; k++) {
        const gb = gl + k * BATCH;
        const cg = cgl + k * BATCH;
        for (let b = 0; b < nb; b++) G[cg + b] = (G[gb + b] as number) * (mult[(kase[cb + b] as number) + k] as number);
      }
      featLevel[f] = child;
      this.visit(c, child);
      featLevel[f] = prev;
      for (let o = 0; o < outs; o++) {
        const at = (tree.outputOffset + o) * nF + f;
        for (let b = 0; b < nb; b++) {
          const vb = kase[cb + b] as number;
          let acc = 0;
          for (let k = 0; k < m; k++) acc += (coef[vb + k] as number) * (S[csl + (k * outs + o) * BATCH + b] as number);
          const p = (this.a + b) * stride + at;
          phi[p] = (phi[p] as number) + acc;
        }
      }
      for (let j = 0; j < mo * BATCH; j++) S[sl + j] = (S[sl + j] as number) + (S[csl + j] as number);
    }
  }
}
