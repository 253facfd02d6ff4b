// Plain-JS entry of the engine's fold-fitting workers. Under tsx and vitest the worker module is TypeScript,
// and on Node 20 `--import tsx` in a Worker's execArgv does not reach the worker's own module graph, so a
// .ts entry is loaded through tsx's API instead (the same approach as src/jobs/worker-bootstrap.mjs).
import { workerData } from 'node:worker_threads';

const entry = workerData.entry;
if (entry.endsWith('.ts')) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(entry, import.meta.url);
} else {
  await import(entry);
}
