/**
 * Which slots of a boosting histogram may be nonzero, one bit per slot. A histogram built from a node's
 * rows only touches the slots of those rows (on small nodes of 255-bin features, a few percent), so the
 * grower clears, subtracts and scans only marked slots; every other slot is exactly +0 and contributes
 * nothing to a cumulative sum, so results are bit-for-bit those of the dense loops.
 */
export function slotMask(totalSlots: number): Uint32Array {
  return new Uint32Array((totalSlots + 31) >>> 5);
}

/** Bins (slot - from) of the marked slots in [from, to), ascending, into out; returns how many. */
export function markedBins(mask: Uint32Array, from: number, to: number, out: Int32Array): number {
  if (from >= to) return 0;
  let n = 0;
  const w0 = from >>> 5;
  const w1 = (to - 1) >>> 5;
  for (let w = w0; w <= w1; w++) {
    let bits = mask[w] as number;
    if (w === w0) bits &= -1 << (from & 31);
    if (w === w1 && (to & 31) !== 0) bits &= (1 << (to & 31)) - 1;
    const base = (w << 5) - from;
    while (bits !== 0) {
      const low = bits & -bits;
      out[n++] = base + 31 - Math.clz32(low);
      bits ^= low;
    }
  }
  return n;
}

/**
 * parent -= small on the slots marked in mask (two numbers per slot: gradient, hessian); parentMask gets
 * those marks too (they are already there when the small node's rows are the parent's; null: dense parent).
 */
export function subtractMarked(parent: Float64Array, parentMask: Uint32Array | null, small: Float64Array, mask: Uint32Array): void {
  for (let w = 0; w < mask.length; w++) {
    let bits = mask[w] as number;
    if (bits === 0) continue;
    if (parentMask) parentMask[w] = (parentMask[w] as number) | bits;
    while (bits !== 0) {
      const low = bits & -bits;
      const i = ((w << 5) + 31 - Math.clz32(low)) << 1;
      parent[i] = (parent[i] as number) - (small[i] as number);
      parent[i + 1] = (parent[i + 1] as number) - (small[i + 1] as number);
      bits ^= low;
    }
  }
}

/** Zeroes the marked slots of hist and the mask itself (both go back to the grower's pools). */
export function clearMarked(hist: Float64Array, mask: Uint32Array): void {
  for (let w = 0; w < mask.length; w++) {
    let bits = mask[w] as number;
    if (bits === 0) continue;
    mask[w] = 0;
    while (bits !== 0) {
      const low = bits & -bits;
      const i = ((w << 5) + 31 - Math.clz32(low)) << 1;
      hist[i] = 0;
      hist[i + 1] = 0;
      bits ^= low;
    }
  }
}
