// Engine worker thread entry: one task per thread. Loads the data itself (the main thread never parses
// a big CSV), runs the engine, streams engine events to the main thread, and ends with exactly one
// 'done' or 'error' message. Events and the final message travel on the same port, so the main thread
// receives every event before 'done'.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { BuiltinDatasetName, ColumnRecord, EngineEvent, EngineLogger, PipelineJSON, PlanResult } from '../../engine/index.js';
import { ArtifactIntegrityError, readJsonArtifact, sha256Hex, writeJsonArtifact } from '../storage/artifacts.js';
import {
  ABORT_FLAG,
  describeError,
  type FinalizeOutcome,
  type MainToWorker,
  type PlanEngine,
  type PlanOutcome,
  type ProfileOutcome,
  type WorkerSource,
  type WorkerTask,
  type WorkerToMain,
} from './protocol.js';

type Engine = typeof import('../../engine/index.js');
type Frame = import('../../engine/index.js').Frame;

interface WorkerInit {
  task: WorkerTask;
  abortFlag: Int32Array;
}

const port = parentPort;
if (!port) throw new Error('src/jobs/threads/worker.ts must run in a worker thread');
const { task, abortFlag } = workerData as WorkerInit;
const controller = new AbortController();

function post(message: WorkerToMain): void {
  port!.postMessage(message);
}

/** Aborts when the main thread asked to, whether by message or through the shared flag. */
function checkAbort(): void {
  if (!controller.signal.aborted && Atomics.load(abortFlag, ABORT_FLAG) === 1) controller.abort();
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'abort') controller.abort();
});

// Loaded lazily so that a plan given another engine module never pays for this one.
function engine(): Promise<Engine> {
  return import('../../engine/index.js');
}

async function planEngine(url: string | undefined): Promise<PlanEngine> {
  return url === undefined ? engine() : ((await import(url)) as PlanEngine);
}

async function loadFrame(e: PlanEngine, source: WorkerSource): Promise<Frame> {
  switch (source.kind) {
    case 'builtin':
      return e.loadBuiltinDataset(source.name as BuiltinDatasetName);
    case 'inline':
      return e.frameFromColumns(JSON.parse(await readFile(source.file, 'utf8')) as ColumnRecord);
    case 'csv': {
      const bytes = await readFile(source.file);
      if (source.sha256 && sha256Hex(bytes) !== source.sha256) {
        throw new ArtifactIntegrityError(`the dataset file ${source.file} changed since it was uploaded (SHA-256 mismatch); upload it again`);
      }
      return e.parseCsv(bytes.toString('utf8'));
    }
  }
}

const logger: EngineLogger = {
  emit(event: EngineEvent): void {
    post({ type: 'event', event });
    // The engine emits between steps; a stop requested meanwhile is seen at its next check.
    checkAbort();
  },
};

async function runTask(t: WorkerTask): Promise<unknown> {
  switch (t.type) {
    case 'plan': {
      const e = await planEngine(t.engine);
      const frame = await loadFrame(e, t.source);
      checkAbort();
      const result: PlanResult = await e.runPlan(frame, t.request, logger, controller.signal);
      const { pipeline, ...rest } = result;
      const artifact = pipeline
        ? await writeJsonArtifact(t.artifactDir, t.runId, 'pipeline.json', 'pipeline', pipeline)
        : null;
      return { result: rest, artifact } satisfies PlanOutcome;
    }
    case 'finalize': {
      const e = await engine();
      const stored = (await readJsonArtifact(t.artifactDir, t.pipeline)) as PipelineJSON;
      const frame = await loadFrame(e, t.source);
      const final = e.finalizePipeline(frame, t.request, stored);
      const artifact = await writeJsonArtifact(t.artifactDir, t.runId, t.fileName, 'final_pipeline', final);
      return { artifact } satisfies FinalizeOutcome;
    }
    case 'profile': {
      const e = await engine();
      let file: ProfileOutcome['file'] = null;
      let frame: Frame;
      if (t.source.kind === 'csv') {
        const bytes = await readFile(t.source.file);
        if (t.hashFile) file = { sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength };
        frame = e.parseCsv(bytes.toString('utf8'));
      } else {
        frame = await loadFrame(e, t.source);
      }
      return { profile: e.profileFrame(frame), file } satisfies ProfileOutcome;
    }
  }
}

runTask(task).then(
  (outcome) => post({ type: 'done', outcome }),
  (error: unknown) => post({ type: 'error', error: describeError(error) }),
);
