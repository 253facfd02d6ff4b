// Engine pool thread, one task at a time (pool-entry.mjs calls runInThread): loads the data itself (the main
// thread never parses a big CSV), runs the engine, streams engine events on the task's own port and ends
// with exactly one 'done' or 'error' message on it. Events and the final message travel on that one port,
// so the main thread receives every event before 'done'. Everything a task uses is created per task
// (abort controller, logger, frame): a thread keeps only loaded modules and JIT-compiled code between runs.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { threadId } from 'node:worker_threads';
import type { BuiltinDatasetName, ColumnRecord, EngineEvent, EngineLogger, PipelineJSON, PlanResult } from '../../engine/index.js';
import { ArtifactIntegrityError, readJsonArtifact, sha256Hex, writeBinaryArtifact } from '../storage/artifacts.js';
import {
  ABORT_FLAG,
  describeError,
  type FinalizeOutcome,
  type MainToWorker,
  type PlanEngine,
  type PlanOutcome,
  type PooledTask,
  type ProfileOutcome,
  type WorkerSource,
  type WorkerTask,
  type WorkerToMain,
} from './protocol.js';
import { runWarmUp } from './warm-up.js';
import { epochMs, threadCpuMs, type WorkerMarks } from '../lifecycle/run-timeline.js';

type Engine = typeof import('../../engine/index.js');
type Frame = import('../../engine/index.js').Frame;

// Loaded lazily so that a plan given another engine module never pays for this one. This thread lives as long
// as the server's pool: its fold workers are kept when idle, so a run after a pause does not start cold ones.
function engine(): Promise<Engine> {
  return import('../../engine/index.js').then((e) => (e.keepIdleFoldWorkers(), e));
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

/** The streamed profile of a CSV file with the SHA-256 and size of its bytes (profile null: it needs the whole text, and the hash may be partial). */
async function profileCsvFile(e: Engine, path: string): Promise<{ profile: import('../../engine/index.js').DatasetProfile | null; sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  async function* text(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      sizeBytes += chunk.byteLength;
      yield decoder.write(chunk);
    }
    yield decoder.end();
  }
  const profile = await e.profileCsvChunks(text());
  return { profile, sha256: hash.digest('hex'), sizeBytes };
}

async function runTask(t: WorkerTask, logger: EngineLogger, signal: AbortSignal, checkAbort: () => void, marks: WorkerMarks): Promise<unknown> {
  switch (t.type) {
    case 'plan': {
      const e = await planEngine(t.engine);
      const frame = await loadFrame(e, t.source);
      const testFrame = t.testSource ? await loadFrame(e, t.testSource) : undefined;
      marks.dataLoaded = epochMs();
      const cpu: NonNullable<WorkerMarks['cpu']> = { dataLoaded: threadCpuMs() };
      marks.cpu = cpu;
      checkAbort();
      const result: PlanResult = await (testFrame ? e.runPlan(frame, t.request, logger, signal, testFrame) : e.runPlan(frame, t.request, logger, signal));
      marks.engineDone = epochMs();
      cpu.engineDone = threadCpuMs();
      const { pipeline, ...rest } = result;
      const artifact = pipeline ? await writeBinaryArtifact(t.artifactDir, t.runId, 'pipeline.bin', 'pipeline', pipeline, marks) : null;
      marks.artifactWritten = epochMs();
      cpu.artifactWritten = threadCpuMs();
      return { result: rest, artifact, marks } satisfies PlanOutcome;
    }
    case 'finalize': {
      const e = await engine();
      const stored = (await readJsonArtifact(t.artifactDir, t.pipeline)) as PipelineJSON;
      const frame = await loadFrame(e, t.source);
      const testFrame = t.testSource ? await loadFrame(e, t.testSource) : undefined;
      const final = e.finalizePipeline(frame, t.request, stored, testFrame);
      const artifact = await writeBinaryArtifact(t.artifactDir, t.runId, t.fileName, 'final_pipeline', final);
      return { artifact } satisfies FinalizeOutcome;
    }
    case 'profile': {
      const e = await engine();
      let file: ProfileOutcome['file'] = null;
      let frame: Frame;
      if (t.source.kind === 'csv') {
        // In a stream (the file is never held whole); an exotic file the streamed profile cannot finish is read whole.
        const streamed = await profileCsvFile(e, t.source.file);
        if (streamed.profile) {
          if (t.hashFile) file = { sha256: streamed.sha256, sizeBytes: streamed.sizeBytes };
          return { profile: { ...streamed.profile, sha256: streamed.sha256 }, file } satisfies ProfileOutcome;
        }
        const bytes = await readFile(t.source.file);
        if (t.hashFile) file = { sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength };
        frame = e.parseCsv(bytes.toString('utf8'));
      } else {
        frame = await loadFrame(e, t.source);
      }
      return { profile: e.profileFrame(frame), file } satisfies ProfileOutcome;
    }
    case 'warm':
      return runWarmUp(await engine(), t.threads, logger, signal);
  }
}

/** Runs one task; its answer goes on message.port (the returned promise only says the thread is free again). */
export async function runInThread({ task, abortFlag, port }: PooledTask): Promise<void> {
  const marks: WorkerMarks = { workerReceived: epochMs() };
  const controller = new AbortController();
  const post = (message: WorkerToMain): void => port.postMessage(message);
  /** Aborts when the main thread asked to, whether by message or through the shared flag. */
  const checkAbort = (): void => {
    if (!controller.signal.aborted && Atomics.load(abortFlag, ABORT_FLAG) === 1) controller.abort();
  };
  const onMessage = (message: MainToWorker): void => {
    if (message.type === 'abort') controller.abort();
  };
  port.on('message', onMessage);
  const logger: EngineLogger = {
    emit(event: EngineEvent): void {
      post({ type: 'event', event, at: epochMs() });
      // The engine emits between steps; a stop requested meanwhile is seen at its next check.
      checkAbort();
    },
  };
  post({ type: 'started', threadId });
  try {
    checkAbort();
    post({ type: 'done', outcome: await runTask(task, logger, controller.signal, checkAbort, marks) });
  } catch (error) {
    post({ type: 'error', error: describeError(error) });
  } finally {
    port.off('message', onMessage);
    port.unref();
  }
}
