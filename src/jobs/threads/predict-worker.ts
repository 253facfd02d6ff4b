// Long-lived prediction thread: keeps recently used pipelines loaded (keyed by SHA-256) so that scoring a
// few rows does not pay for a thread start and a model rebuild each time. Every request still re-reads the
// file and checks its SHA-256 against the Artifact row (a modified file is refused even if cached).
import { parentPort } from 'node:worker_threads';
import type { ColumnRecord } from '../../engine/index.js';
import { readJsonArtifact } from '../storage/artifacts.js';
import type { PredictRequest, PredictResponse } from './predictor.js';
import { describeError } from './protocol.js';

type Engine = typeof import('../../engine/index.js');
type Fitted = ReturnType<Engine['loadPipeline']>;

const CACHE_SIZE = 16;
const cache = new Map<string, Fitted>(); // insertion order = least recently used first
let engine: Engine | null = null;

async function load(artifactDir: string, pipeline: PredictRequest['pipeline']): Promise<Fitted> {
  // readJsonArtifact re-hashes the bytes: a cached model is used only if the file still matches.
  const json = await readJsonArtifact(artifactDir, pipeline);
  const hit = cache.get(pipeline.sha256);
  if (hit) {
    cache.delete(pipeline.sha256);
    cache.set(pipeline.sha256, hit);
    return hit;
  }
  engine ??= await import('../../engine/index.js');
  const fitted = engine.loadPipeline(json);
  cache.set(pipeline.sha256, fitted);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return fitted;
}

async function handle(req: PredictRequest): Promise<PredictResponse> {
  try {
    const fitted = await load(req.artifactDir, req.pipeline);
    return { id: req.id, ok: true, outcome: { prediction: fitted.predict(req.rows as ColumnRecord), modelId: fitted.modelId } };
  } catch (error) {
    return { id: req.id, ok: false, error: describeError(error) };
  }
}

// Requests are handled one at a time, in arrival order.
let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: PredictRequest) => {
  chain = chain.then(async () => parentPort!.postMessage(await handle(req)));
});
