// Messages between the main thread and an engine worker thread (all structured-cloneable).
import type { DatasetProfile, EngineEvent, Explanation, PlanRequest, PlanResult, Prediction } from '../../engine/index.js';
import type * as Engine from '../../engine/index.js';
import type { MessagePort } from 'node:worker_threads';
import type { ArtifactInput } from '../types.js';
import type { WorkerMarks } from '../lifecycle/run-timeline.js';

/** A data source with absolute paths, as the worker loads it. */
export type WorkerSource =
  | { kind: 'builtin'; name: string }
  | { kind: 'inline'; file: string } // JSON ColumnRecord
  | { kind: 'csv'; file: string; sha256?: string }; // sha256: refuse the file if its bytes changed

/** What a plan task needs of an engine module: the frame loaders and runPlan (src/engine unless a task names another). */
export type PlanEngine = Pick<typeof Engine, 'loadBuiltinDataset' | 'frameFromColumns' | 'parseCsv' | 'runPlan'>;

export type WorkerTask =
  | {
      type: 'plan';
      runId: string;
      source: WorkerSource;
      /** setupParams.testData's rows (the holdout). */
      testSource?: WorkerSource;
      request: PlanRequest;
      artifactDir: string;
      /** URL of the module to train with instead of src/engine (a PlanEngine); set through RunServiceOptions.planEngine. */
      engine?: string;
    }
  | {
      type: 'finalize';
      runId: string;
      source: WorkerSource;
      testSource?: WorkerSource;
      request: PlanRequest;
      artifactDir: string;
      pipeline: ArtifactInput;
      fileName: string;
    }
  | { type: 'profile'; source: WorkerSource; hashFile?: boolean }
  /** A small synthetic compare that loads the engine and JIT-compiles its models on a fresh pool thread. */
  | { type: 'warm'; threads: number };

export interface PlanOutcome {
  result: Omit<PlanResult, 'pipeline'>;
  /** The chosen pipeline, written by the worker (null when the plan fitted none). */
  artifact: ArtifactInput | null;
  /** When the worker received the task, loaded the data, finished the engine and wrote the artifact (epoch ms). */
  marks: WorkerMarks;
}
export interface ProfileOutcome {
  profile: DatasetProfile;
  /** SHA-256 and size of the file bytes (CSV sources with hashFile). */
  file: { sha256: string; sizeBytes: number } | null;
}
export interface PredictOutcome {
  prediction: Prediction & { explanation?: Explanation | null };
  modelId: string;
}
export interface FinalizeOutcome {
  artifact: ArtifactInput;
}

export interface WorkerErrorInfo {
  name: string; // EngineInputError, ArtifactIntegrityError, Error, ...
  message: string;
  code?: string;
  field?: string;
}

export type WorkerToMain =
  | { type: 'started'; threadId: number }
  /** at: when the worker posted it (epoch ms, for the run's timeline). */
  | { type: 'event'; event: EngineEvent; at: number }
  | { type: 'done'; outcome: unknown }
  | { type: 'error'; error: WorkerErrorInfo };

export type MainToWorker = { type: 'abort' };

/** One task as a pool thread receives it (pool-entry.mjs → worker.ts runInThread). */
export interface PooledTask {
  /** URL of the module that runs it (worker.ts or worker.js). */
  entry: string;
  task: WorkerTask;
  abortFlag: Int32Array;
  /** The task's own channel: MainToWorker in, WorkerToMain out (events, then exactly one done or error). */
  port: MessagePort;
}

/** Index into the shared Int32Array the main thread sets to ask for a stop (read by the logger). */
export const ABORT_FLAG = 0;

/** A thrown value as a structured-cloneable error description (name, message, engine code and field). */
export function describeError(error: unknown): WorkerErrorInfo {
  if (error instanceof Error) {
    const withCode = error as Error & { code?: unknown; field?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(typeof withCode.code === 'string' ? { code: withCode.code } : {}),
      ...(typeof withCode.field === 'string' ? { field: withCode.field } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
