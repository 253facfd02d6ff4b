import { EngineInputError } from '../errors.js';

export interface TfidfJSON {
  terms: string[];
  idf: number[];
  /** Absent = tf-idf. */
  method?: TextMethod;
}

/** PyCaret's text_features_method: "tf-idf" (TfidfVectorizer) or "bow" (CountVectorizer: raw counts, no idf, no norm). */
export type TextMethod = 'tf-idf' | 'bow';

// Python's \w (re.UNICODE): letters, digits and numbers of any script, and the underscore; combining marks are not.
const WORD_RUN = /[\p{L}\p{N}_]+/gu;

/** scikit-learn's default analyzer: lowercase, then token_pattern r"(?u)\b\w\w+\b" (runs of two or more word characters). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD_RUN)) {
    const t = m[0];
    // Two code points, not two UTF-16 units (as Python counts).
    if ([...t].length >= 2) out.push(t);
  }
  return out;
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * scikit-learn's TfidfVectorizer(max_features) with its defaults (lowercase, the default token pattern, unigrams,
 * smooth_idf, sublinear_tf=False, norm="l2"): the vocabulary is the maxFeatures terms with the most occurrences in
 * the training documents (ties alphabetical), in alphabetical order; a row is its term counts × idf, scaled to unit
 * length. idf = ln((1 + n) / (1 + df)) + 1. A missing cell is an empty document (all zeros).
 */
export class TfidfVectorizer {
  private terms: string[] = [];
  private index = new Map<string, number>();
  private idf = new Float64Array(0);

  /** maxFeatures null = every term. */
  constructor(
    readonly maxFeatures: number | null = 100,
    readonly method: TextMethod = 'tf-idf',
  ) {}

  fit(docs: ReadonlyArray<string | null>): this {
    const total = new Map<string, number>();
    const df = new Map<string, number>();
    for (const d of docs) {
      if (d === null) continue;
      const seen = new Set<string>();
      for (const t of tokenize(d)) {
        total.set(t, (total.get(t) ?? 0) + 1);
        seen.add(t);
      }
      for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    }
    const sorted = [...total.keys()].sort(compareCodePoints);
    const limit = this.maxFeatures ?? sorted.length;
    const kept = sorted
      .map((t, i) => ({ t, i, c: total.get(t) as number }))
      .sort((a, b) => b.c - a.c || a.i - b.i)
      .slice(0, limit)
      .sort((a, b) => a.i - b.i)
      .map((k) => k.t);
    this.terms = kept;
    this.index = new Map(kept.map((t, j) => [t, j]));
    const n = docs.length;
    this.idf = Float64Array.from(kept, (t) => (this.method === 'bow' ? 1 : Math.log((n + 1) / ((df.get(t) as number) + 1)) + 1));
    return this;
  }

  get width(): number {
    return this.terms.length;
  }

  get vocabulary(): readonly string[] {
    return this.terms;
  }

  /** Writes the document's tf-idf row at out[offset..offset + width). */
  write(doc: string | null, out: Float64Array, offset: number): void {
    for (let j = 0; j < this.terms.length; j++) out[offset + j] = 0;
    if (doc === null) return;
    for (const t of tokenize(doc)) {
      const j = this.index.get(t);
      if (j !== undefined) out[offset + j]! += 1;
    }
    if (this.method === 'bow') return;
    let sq = 0;
    for (let j = 0; j < this.terms.length; j++) {
      const v = (out[offset + j] as number) * (this.idf[j] as number);
      out[offset + j] = v;
      sq += v * v;
    }
    if (sq === 0) return;
    const norm = Math.sqrt(sq);
    for (let j = 0; j < this.terms.length; j++) out[offset + j] = (out[offset + j] as number) / norm;
  }

  outputNames(column: string): string[] {
    return this.terms.map((t) => `${column}_${t}`);
  }

  toJSON(): TfidfJSON {
    return { terms: [...this.terms], idf: Array.from(this.idf), ...(this.method === 'bow' ? { method: 'bow' as const } : {}) };
  }

  static fromJSON(json: unknown, where: string): TfidfVectorizer {
    const o = json as Partial<TfidfJSON> | null;
    const ok =
      !!o && Array.isArray(o.terms) && Array.isArray(o.idf) && o.terms.length === o.idf.length && o.terms.length > 0 &&
      o.terms.every((t) => typeof t === 'string' && t !== '') && new Set(o.terms).size === o.terms.length &&
      o.idf.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 1) && (o.method === undefined || o.method === 'tf-idf' || o.method === 'bow');
    if (!ok) throw new EngineInputError('BAD_PIPELINE', `malformed tf-idf vocabulary (${where})`, 'pipeline');
    const v = new TfidfVectorizer(o.terms!.length, o.method ?? 'tf-idf');
    v.terms = [...o.terms!];
    v.index = new Map(v.terms.map((t, j) => [t, j]));
    v.idf = Float64Array.from(o.idf!);
    return v;
  }
}
