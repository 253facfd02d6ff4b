// The run queue of this process: p-queue with RUN_CONCURRENCY slots, one AbortController per run.
// p-queue itself never sees the signals (an aborted queued task may never settle in p-queue 9); a task
// whose run was cancelled while waiting simply finds its signal aborted when it starts.
import PQueue from 'p-queue';

export type RunTask = (runId: string, signal: AbortSignal) => Promise<void>;

export interface RunQueueOptions {
  concurrency: number;
  execute: RunTask;
  onError?: (error: unknown, runId: string) => void;
}

export class RunQueue {
  private readonly queue: PQueue;
  private readonly controllers = new Map<string, AbortController>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly settled = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly options: RunQueueOptions) {
    this.queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  }

  /** Queues a run unless this process already has it; false when stopping or already known. */
  enqueue(runId: string): boolean {
    if (this.stopping || this.controllers.has(runId)) return false;
    const controller = new AbortController();
    this.controllers.set(runId, controller);
    const task = this.queue
      .add(async () => {
        if (this.stopping || controller.signal.aborted) return;
        const run = this.options.execute(runId, controller.signal);
        this.running.set(runId, run);
        await run;
      })
      .catch((error: unknown) => {
        (this.options.onError ?? ((e, id) => console.error(`[run-queue] run ${id}:`, e)))(error, runId);
      })
      .finally(() => {
        this.controllers.delete(runId);
        this.running.delete(runId);
        this.settled.delete(runId);
      });
    this.settled.set(runId, task);
    return true;
  }

  /** Resolves when this process is done with the run (at once when it does not have it). */
  async whenDone(runId: string): Promise<void> {
    await this.settled.get(runId);
  }

  /** Asks a run of this process to stop; false when this process does not have it. */
  cancel(runId: string, reason = 'cancelled by user'): boolean {
    const controller = this.controllers.get(runId);
    if (!controller) return false;
    controller.abort(reason);
    return true;
  }

  has(runId: string): boolean {
    return this.controllers.has(runId);
  }

  /** True while this process is executing the run (not merely waiting for a slot). */
  isRunning(runId: string): boolean {
    return this.running.has(runId);
  }

  get runningCount(): number {
    return this.running.size;
  }

  get waitingCount(): number {
    return this.queue.size;
  }

  /**
   * Graceful stop: take no new runs (queued ones stay QUEUED in the database for the next boot), let the
   * running ones finish for up to graceMs, then cancel them and wait for their terminal transition.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.queue.pause();
    const all = () => Promise.allSettled([...this.running.values()]);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), graceMs);
    });
    const outcome = await Promise.race([all().then(() => 'done' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'expired') {
      for (const [runId] of this.running) this.cancel(runId, 'cancelled: server shutting down');
      await all();
    }
    for (const controller of this.controllers.values()) controller.abort('server shutting down');
    this.queue.clear();
  }
}
