// Main-thread side of the prediction thread (predict-worker.ts): one long-lived worker, started on first
// use and again after a crash, answering requests by id. Scoring never runs on the main thread.
import type { Worker } from 'node:worker_threads';
import type { ColumnRecord } from '../../engine/index.js';
import type { ArtifactInput } from '../types.js';
import type { PredictOutcome, WorkerErrorInfo } from './protocol.js';
import { WorkerTaskError, spawnWorker } from './worker-task.js';

export interface PredictRequest {
  id: number;
  artifactDir: string;
  pipeline: ArtifactInput;
  rows: ColumnRecord;
}
export type PredictResponse = { id: number; ok: true; outcome: PredictOutcome } | { id: number; ok: false; error: WorkerErrorInfo };

export class Predictor {
  private worker: Worker | null = null;
  /** Prediction threads started so far (one, unless a thread crashed). */
  threadsStarted = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (o: PredictOutcome) => void; reject: (e: Error) => void }>();

  predict(artifactDir: string, pipeline: ArtifactInput, rows: ColumnRecord): Promise<PredictOutcome> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, artifactDir, pipeline, rows } satisfies PredictRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker('predict-worker');
    this.threadsStarted++;
    worker.on('message', (res: PredictResponse) => {
      const waiter = this.pending.get(res.id);
      if (!waiter) return;
      this.pending.delete(res.id);
      if (res.ok) waiter.resolve(res.outcome);
      else waiter.reject(new WorkerTaskError(res.error));
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [, waiter] of this.pending) waiter.reject(new WorkerTaskError({ name: 'Error', message }));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`prediction thread crashed: ${error.message}`));
    worker.on('exit', (code) => fail(`prediction thread exited with code ${code}`));
    worker.unref(); // an idle prediction thread must not keep the process alive
    this.worker = worker;
    return worker;
  }
}
