// A run's stored holdout analysis (Run.analysis column, written with the terminal transition): read once
// per request and run, never recomputed. Plain functions of (ctx, run, args).
import type { Context } from '../context.js';
import type { FeatureImportance, RunModelAnalysis } from '../engine/index.js';
import { Run } from '../entities/index.js';
import { badInput } from '../errors.js';
import type { RunAnalysisRecord } from '../jobs/index.js';

export const MAX_HOLDOUT_PAGE = 1000;
export const IMPORTANCE_METHODS = ['permutation', 'native', 'shap'] as const;

const loaded = new WeakMap<Context, Map<string, Promise<RunAnalysisRecord | null>>>();

/** The stored record of a run (the column is lazy: not selected with the run itself). */
export function runAnalysisRecord(ctx: Context, run: Run): Promise<RunAnalysisRecord | null> {
  let perRun = loaded.get(ctx);
  if (!perRun) loaded.set(ctx, (perRun = new Map()));
  let p = perRun.get(run.id);
  if (!p) {
    p = ctx.em
      .fork()
      .findOne(Run, { id: run.id }, { fields: ['id', 'analysis'] })
      .then((r) => (r?.analysis ?? null) as RunAnalysisRecord | null);
    perRun.set(run.id, p);
  }
  return p;
}

/** The chosen model's analysis. */
export async function runAnalysis(ctx: Context, run: Run): Promise<RunModelAnalysis | null> {
  return (await runAnalysisRecord(ctx, run))?.analyses[0] ?? null;
}

export async function runAnalyses(ctx: Context, run: Run): Promise<RunModelAnalysis[]> {
  return (await runAnalysisRecord(ctx, run))?.analyses ?? [];
}

export interface HoldoutPredictionRow {
  /** Position in the holdout (0-based): the cursor of `after`. */
  index: number;
  /** Row number in the run's data. */
  row: number;
  actual: number | string;
  predicted: number | string;
  probabilities: number[] | null;
}

/** Holdout rows after position `after` (exclusive; from the start when null), at most `limit`. */
export async function holdoutPredictionsPage(ctx: Context, run: Run, after: number | null | undefined, limit: number): Promise<HoldoutPredictionRow[]> {
  if (after !== null && after !== undefined && (!Number.isInteger(after) || after < -1)) return badInput('after must be a holdout index (≥ -1)', 'after');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HOLDOUT_PAGE) return badInput(`limit must be in 1..${MAX_HOLDOUT_PAGE}`, 'limit');
  const p = (await runAnalysisRecord(ctx, run))?.holdoutPredictions;
  if (!p) return [];
  const start = after === null || after === undefined ? 0 : after + 1;
  const out: HoldoutPredictionRow[] = [];
  for (let i = start; i < p.rows.length && out.length < limit; i++) {
    out.push({ index: i, row: p.rows[i] as number, actual: p.actual[i] as number | string, predicted: p.predicted[i] as number | string, probabilities: p.probabilities?.[i] ?? null });
  }
  return out;
}

/** featureImportance(method, encoded): one method's rows, largest first. */
export function importances(a: RunModelAnalysis, method: string, encoded: boolean): FeatureImportance[] {
  if (!(IMPORTANCE_METHODS as readonly string[]).includes(method)) return badInput(`method must be one of ${IMPORTANCE_METHODS.join(', ')}`, 'method');
  return (encoded ? a.encodedFeatureImportance : a.featureImportance).filter((f) => f.method === method);
}
