/** A dense row-major matrix of float64: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  const d = data ?? new Float64Array(rows * cols);
  if (d.length !== rows * cols) throw new RangeError(`matrix data has ${d.length} values, expected ${rows}x${cols}`);
  return { data: d, rows, cols };
}

/** Rows `idx` of `m`, copied into a new matrix. */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new Float64Array(idx.length * m.cols);
  for (let r = 0; r < idx.length; r++) {
    const src = (idx[r] as number) * m.cols;
    out.set(m.data.subarray(src, src + m.cols), r * m.cols);
  }
  return { data: out, rows: idx.length, cols: m.cols };
}

export function takeValues(v: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = v[idx[i] as number] as number;
  return out;
}

/** Column-major copy (cols × rows): handy for tree builders that scan one feature at a time. */
export function transpose(m: Matrix): Matrix {
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j] as number;
  return { data: out, rows: m.cols, cols: m.rows };
}
