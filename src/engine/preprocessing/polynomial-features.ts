import { matrix, type Matrix } from '../core/matrix.js';

/**
 * The terms of scikit-learn's PolynomialFeatures(degree, include_bias=False, order="C"): every combination with
 * replacement of the input columns of size 1..degree, in itertools order. Each term lists its columns.
 */
export function polynomialTerms(width: number, degree: number): number[][] {
  const terms: number[][] = [];
  const build = (start: number, prefix: number[], size: number): void => {
    if (prefix.length === size) {
      terms.push([...prefix]);
      return;
    }
    for (let j = start; j < width; j++) {
      prefix.push(j);
      build(j, prefix, size);
      prefix.pop();
    }
  };
  for (let d = 1; d <= degree; d++) build(0, [], d);
  return terms;
}

/** Names as scikit-learn's get_feature_names_out: "a b", "a^2". */
export function polynomialNames(names: readonly string[], terms: readonly (readonly number[])[]): string[] {
  return terms.map((t) => {
    const parts: string[] = [];
    for (let i = 0; i < t.length; ) {
      let j = i;
      while (j < t.length && t[j] === t[i]) j++;
      const name = names[t[i] as number] as string;
      parts.push(j - i === 1 ? name : `${name}^${j - i}`);
      i = j;
    }
    return parts.join(' ');
  });
}

export function polynomialTransform(X: Matrix, terms: readonly (readonly number[])[]): Matrix {
  const { rows: n, cols: p } = X;
  const k = terms.length;
  const out = matrix(n, k);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < k; t++) {
      let v = 1;
      for (const j of terms[t] as number[]) v *= X.data[i * p + j] as number;
      out.data[i * k + t] = v;
    }
  return out;
}
