/** Shared input checks of the analysis functions: they throw RangeError naming the argument at fault. */

export function checkClassCodes(name: string, codes: ArrayLike<number>, nClasses: number): void {
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new RangeError(`nClasses must be an integer >= 2 (got ${nClasses})`);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) throw new RangeError(`${name}[${i}] = ${c} is not a class code 0..${nClasses - 1}`);
  }
}

export function checkSameLength(aName: string, a: { length: number }, bName: string, b: { length: number }): void {
  if (a.length !== b.length) throw new RangeError(`${aName} has ${a.length} entries but ${bName} has ${b.length}`);
}

export function checkFinite(name: string, v: ArrayLike<number>): void {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i] as number)) throw new RangeError(`${name}[${i}] is not a finite number`);
}

export function checkNonEmpty(name: string, v: { length: number }): void {
  if (v.length === 0) throw new RangeError(`${name} is empty`);
}
