// Scoring new rows with a run's stored pipeline. The file is re-hashed against its Artifact row and
// the model runs in a worker thread (a big forest must not stall the main thread).
import type { Context } from '../context.js';
import type { ColumnRecord, Explanation, Prediction, RawCell } from '../engine/index.js';
import { badInput, conflict } from '../errors.js';
import { WorkerTaskError } from '../jobs/index.js';
import { isPlainObject } from './input.js';
import { loadRunForViewer, pipelineArtifact } from './runs.js';

export const MAX_PREDICT_ROWS = 100_000;

export interface PredictionResult extends Prediction {
  runId: string;
  modelId: string;
  artifactSha256: string;
  /** The threshold the predictions used (binary tasks), null when the model's own predict decided. */
  probabilityThreshold: number | null;
  explanation: Explanation | null;
}

/** The predict argument, else the run's own params.probabilityThreshold (PyCaret keeps the one of create_model). */
function thresholdFor(arg: number | null | undefined, runParams: Record<string, unknown>): number | undefined {
  if (arg !== null && arg !== undefined) {
    if (!Number.isFinite(arg) || !(arg > 0 && arg < 1)) return badInput('probabilityThreshold must be strictly between 0 and 1', 'probabilityThreshold');
    return arg;
  }
  const stored = runParams['probabilityThreshold'];
  return typeof stored === 'number' ? stored : undefined;
}

function isCell(v: unknown): v is RawCell {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** A record without a prototype: a column named "__proto__" is a column, not a prototype assignment. */
const newColumnRecord = (): ColumnRecord => Object.create(null) as ColumnRecord;

/** Accepts columns ({"x":[1,2]}) or records ([{"x":1},{"x":2}]). */
export function toColumnRecord(rows: unknown): ColumnRecord {
  if (Array.isArray(rows)) {
    if (rows.length === 0) return badInput('rows must not be empty', 'rows');
    if (rows.length > MAX_PREDICT_ROWS) return badInput(`at most ${MAX_PREDICT_ROWS} rows per call`, 'rows');
    const names = new Set<string>();
    for (const r of rows) {
      if (!isPlainObject(r)) return badInput('each row must be an object of column values', 'rows');
      for (const k of Object.keys(r)) names.add(k);
    }
    const out = newColumnRecord();
    for (const name of names) {
      out[name] = rows.map((r) => {
        const v = (r as Record<string, unknown>)[name];
        if (!isCell(v)) badInput(`column "${name}" holds a value that is not a number, string, boolean or null`, `rows.${name}`);
        return v as RawCell;
      });
    }
    return out;
  }
  if (!isPlainObject(rows) || Object.keys(rows).length === 0) {
    return badInput('rows must be an object of column arrays or an array of row objects', 'rows');
  }
  const out = newColumnRecord();
  let length = -1;
  for (const [name, values] of Object.entries(rows)) {
    if (!Array.isArray(values)) return badInput(`column "${name}" must be an array`, `rows.${name}`);
    if (length >= 0 && values.length !== length) return badInput('every column must have the same length', `rows.${name}`);
    length = values.length;
    if (length > MAX_PREDICT_ROWS) return badInput(`at most ${MAX_PREDICT_ROWS} rows per call`, 'rows');
    if (!values.every(isCell)) return badInput(`column "${name}" holds a value that is not a number, string, boolean or null`, `rows.${name}`);
    out[name] = values as RawCell[];
  }
  if (length === 0) return badInput('rows must not be empty', 'rows');
  return out;
}

export async function predict(
  ctx: Context,
  args: { runId: string; rows: unknown; final?: boolean | null; probabilityThreshold?: number | null; explain?: boolean | null },
): Promise<PredictionResult> {
  const rows = toColumnRecord(args.rows);
  const run = await loadRunForViewer(ctx, args.runId);
  const probabilityThreshold = thresholdFor(args.probabilityThreshold, run.params);
  const kind = args.final ? 'final_pipeline' : 'pipeline';
  const artifact = await pipelineArtifact(ctx, run, kind);
  if (!artifact) {
    return badInput(
      args.final ? 'this run has not been finalized (call finalizeRun first)' : 'this run has no fitted pipeline',
      'runId',
    );
  }
  try {
    const outcome = await ctx.services.runs.predict(artifact, rows, { ...(probabilityThreshold !== undefined ? { probabilityThreshold } : {}), explain: args.explain === true });
    const { explanation, ...prediction } = outcome.prediction;
    return { ...prediction, runId: run.id, modelId: outcome.modelId, artifactSha256: artifact.sha256, probabilityThreshold: probabilityThreshold ?? null, explanation: explanation ?? null };
  } catch (error) {
    if (error instanceof WorkerTaskError && error.info.name === 'ArtifactIntegrityError') {
      return conflict(error.info.message, 'runId');
    }
    if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
      if (error.info.code === 'BAD_PIPELINE') return conflict(`the stored pipeline cannot be loaded: ${error.info.message}`, 'runId');
      if (error.info.field === 'explain' || error.info.field === 'probabilityThreshold') return badInput(error.info.message, error.info.field);
      return badInput(error.info.message, error.info.field ? `rows.${error.info.field}` : 'rows');
    }
    throw error;
  }
}
