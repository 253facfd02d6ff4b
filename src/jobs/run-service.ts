// The front door of the run lifecycle in one server process: submit, cancel, wait, finalize, predict,
// profile and the event stream, over the event sink, queue, recovery and worker threads. Built once per
// process by createServices; resolvers reach it as ctx.services.runs (and import only src/jobs/index.ts).
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { PubSubEngine } from 'graphql-subscriptions';
import { BUILTIN_DATASETS, type ColumnRecord } from '../engine/index.js';
import type { Orm } from '../db.js';
import type { Run } from '../entities/index.js';
import type { Logger } from '../logger.js';
import { removeArtifactPaths, runArtifactDir } from './storage/artifacts.js';
import { EventSink, eventsOfMessage, runTopic } from './events/event-sink.js';
import { RunEventSource } from './events/replay-then-live.js';
import { followExperiment, SharedLoads } from './events/experiment-runs.js';
import { executeRun, planRequest, testSource, workerSource } from './lifecycle/executor.js';
import { every, heartbeatIntervalMs, recoveryIntervalMs } from './lifecycle/heartbeat.js';
import { submitRun, type SubmitRunInput } from './lifecycle/submit.js';
import { createProcessId, registerLiveProcessId, unregisterLiveProcessId } from './lifecycle/process-id.js';
import { RunQueue } from './lifecycle/queue.js';
import { adoptableQueuedRuns, DEFAULT_HEARTBEAT_STALE_MS, failAbandonedRuns, recoverRuns, type AbandonedRunsReport, type RecoveryReport } from './lifecycle/recovery.js';
import { Predictor, type PredictOptions } from './threads/predictor.js';
import { OrmJobStore } from './storage/orm-store.js';
import { markCancelled } from './lifecycle/transitions.js';
import { epochMs, RunTimelines } from './lifecycle/run-timeline.js';
import { CLOSED_KIND, TERMINAL_STATUSES, type ArtifactInput, type RunGoneMessage, type RunSnapshot, type StoredEvent } from './types.js';
import type { FinalizeOutcome, PredictOutcome, ProfileOutcome, WorkerSource } from './threads/protocol.js';
import { EnginePool, type WarmedEvent } from './threads/engine-pool.js';
import { runWorkerTask, warmEnginePool } from './threads/worker-task.js';

/** Topic on which any process asks the process running a run to stop it. */
export const RUN_CONTROL_TOPIC = 'runs:control';
interface ControlMessage {
  action: 'cancel';
  runId: string;
}

export interface RunServiceOptions {
  orm: Orm;
  pubsub: PubSubEngine;
  logger: Logger;
  artifactDir: string;
  concurrency: number;
  /** Graceful shutdown: how long running runs may go on before they are cancelled (default 30 s). */
  shutdownGraceMs?: number;
  /** Largest accepted dataset upload in bytes (default 200 MB). */
  maxUploadBytes?: number;
  /** Module the run workers train with instead of src/engine (a PlanEngine: frame loaders and runPlan). */
  planEngine?: URL;
  /** Worker threads the engine may use inside one run (default 1: RUN_CONCURRENCY runs share the cores). */
  engineThreads?: number;
  /** A RUNNING run of another process whose heartbeat is older than this is failed (default 60 s). */
  heartbeatStaleMs?: number;
  /** How often this process refreshes the heartbeat of the runs it trains (default: stale / 4, at most 5 s). */
  heartbeatIntervalMs?: number;
  /** How often this process looks for abandoned RUNNING runs (default: stale / 2, at most 30 s). */
  recoveryIntervalMs?: number;
  /** Old-generation heap limit of each engine thread in MB (default DEFAULT_WORKER_MAX_HEAP_MB). */
  workerMaxHeapMb?: number;
  /** Runs estimated to need more memory than this many MB are refused at submit (RUN_MEMORY_LIMIT_MB; 0: no limit). */
  memoryLimitMb?: number;
  /** After start(), run a small synthetic compare on every run thread in the background (default false). */
  warmUp?: boolean;
  /** Operator metrics: events stored/published, and each run this process finished executing. */
  observer?: RunObserver;
}

export interface RunObserver {
  eventsCounted(what: 'stored' | 'published', events: number): void;
  runExecuted(runId: string): void;
}

export class RunService {
  readonly processId = createProcessId();
  readonly store: OrmJobStore;
  readonly sink: EventSink;
  readonly queue: RunQueue;
  readonly artifactDir: string;
  /** Largest accepted dataset upload in bytes. */
  readonly maxUploadBytes: number;
  private controlSub: number | null = null;
  private stopHeartbeat: (() => void) | null = null;
  private stopRecovery: (() => void) | null = null;
  private readonly heartbeatStaleMs: number;
  readonly predictor = new Predictor();
  /** The long-lived engine threads runs, profiles and finalize run on. */
  readonly pool: EnginePool;
  /** The background warm-up started by start() (resolves with the compares completed), if any. */
  warmUp: Promise<number> | null = null;
  private readonly builtinProfiles = new Map<string, Promise<ProfileOutcome>>();
  /** Run loads of experimentRuns, one per experiment-topic message in this process (runLoads.count counts them). */
  readonly runLoads: SharedLoads<Run>;
  private readonly log: Logger;
  /** Where the milliseconds of each run handled here go (logged as 'run timeline' when it ends). */
  readonly timelines = new RunTimelines();

  constructor(private readonly options: RunServiceOptions) {
    this.artifactDir = resolve(options.artifactDir);
    this.maxUploadBytes = options.maxUploadBytes ?? 200 * 1024 * 1024;
    this.log = options.logger;
    this.heartbeatStaleMs = options.heartbeatStaleMs ?? DEFAULT_HEARTBEAT_STALE_MS;
    registerLiveProcessId(this.processId);
    this.pool = new EnginePool({
      runThreads: options.concurrency,
      engineThreads: options.engineThreads ?? 1,
      ...(options.workerMaxHeapMb ? { maxHeapMb: options.workerMaxHeapMb } : {}),
    });
    this.store = new OrmJobStore(options.orm);
    this.runLoads = new SharedLoads((m) => this.store.runOfExperiment(m.runId, m.experimentId));
    this.sink = new EventSink(this.store, options.pubsub, {
      onError: (error, runId) => this.log.error('storing or publishing run events failed', { runId, err: error }),
      onRunGone: (runId) => void this.runGone(runId),
      onRunEnded: (runId) => {
        this.log.warn('run ended by another process while training here (stale heartbeat?): stopping it', { runId });
        this.queue.cancel(runId, 'run ended by another process');
      },
      ...(options.observer ? { onCounted: options.observer.eventsCounted.bind(options.observer) } : {}),
      onBatchTimed: (runId, queuedAt, storedAt, publishedAt) => this.timelines.peek(runId)?.batch(queuedAt, storedAt, publishedAt),
    });
    this.queue = new RunQueue({
      concurrency: options.concurrency,
      execute: (runId, signal) =>
        executeRun(
          {
            store: this.store,
            sink: this.sink,
            artifactDir: this.artifactDir,
            processId: this.processId,
            engineThreads: options.engineThreads ?? 1,
            pool: this.pool,
            timelines: this.timelines,
            ...(options.planEngine ? { planEngine: options.planEngine } : {}),
          },
          runId,
          signal,
        ).finally(() => {
          const timeline = this.timelines.finish(runId);
          if (timeline) this.log.info('run timeline', { runId, ...timeline });
          options.observer?.runExecuted(runId);
        }),
      onError: (error, runId) => this.log.error('run execution failed', { runId, err: error }),
    });
  }

  /** On boot: listen for cancel requests from other processes, recover runs, start heartbeat and sweeps. */
  async start(): Promise<RecoveryReport> {
    this.controlSub = await this.options.pubsub.subscribe(
      RUN_CONTROL_TOPIC,
      (message: ControlMessage) => {
        if (message?.action === 'cancel' && typeof message.runId === 'string') this.queue.cancel(message.runId);
      },
      {},
    );
    const report = await recoverRuns({
      store: this.store,
      sink: this.sink,
      processId: this.processId,
      staleMs: this.heartbeatStaleMs,
      enqueue: (runId) => this.enqueue(runId),
    });
    if (report.failed.length || report.requeued.length) this.log.info('runs recovered', { ...report });
    const stale = this.heartbeatStaleMs;
    this.stopHeartbeat = every(heartbeatIntervalMs(stale, this.options.heartbeatIntervalMs), () => void this.heartbeat());
    this.stopRecovery = every(recoveryIntervalMs(stale, this.options.recoveryIntervalMs), () => void this.sweepAbandoned());
    // Not awaited: readiness never waits for the warm-up, and a run submitted meanwhile makes it stop.
    if (this.options.warmUp) {
      const started = performance.now();
      // The built-in datasets' profiles too: otherwise the first submit of each waits for a utility thread to
      // start, load the engine and parse the file (0.2–1 s) before the run is even queued.
      const profiles = Promise.allSettled(BUILTIN_DATASETS.map((name) => this.builtinProfile(name)));
      this.warmUp = Promise.all([warmEnginePool(this.pool), profiles]).then(([compares]) => compares);
      this.pool.events.on('warmed', (e: WarmedEvent) => {
        if (e.replacement) this.log.info('replacement engine thread warmed', { threadId: e.threadId, compares: e.compares });
      });
      void this.warmUp.then((compares) =>
        this.log.info('engine threads warmed', { threads: this.pool.runThreads, compares, ms: Math.round(performance.now() - started) }),
      );
    }
    return report;
  }

  /** One heartbeat tick: a single UPDATE for every run this process is training (none: no query). */
  async heartbeat(now = new Date()): Promise<number> {
    if (this.queue.runningCount === 0) return 0;
    try {
      return await this.store.touchHeartbeats(this.processId, now);
    } catch (error) {
      this.log.warn('run heartbeat failed', { err: error });
      return 0;
    }
  }

  /**
   * One recovery sweep: fails RUNNING runs whose owner is gone (dead pid here, stale heartbeat anywhere),
   * then takes QUEUED runs into this process's free slots, so runs queued by a process that died are
   * trained by a live one.
   */
  async sweepAbandoned(now = new Date()): Promise<AbandonedRunsReport & { adopted: string[] }> {
    try {
      const report = await failAbandonedRuns({ store: this.store, sink: this.sink, processId: this.processId, staleMs: this.heartbeatStaleMs, now });
      if (report.failed.length) this.log.info('abandoned runs failed', { failed: report.failed });
      const free = this.options.concurrency - this.queue.runningCount - this.queue.waitingCount;
      const adopted = await adoptableQueuedRuns(this.store, free, (id) => this.queue.has(id));
      for (const id of adopted) this.enqueue(id);
      if (adopted.length) this.log.info('queued runs taken from the shared table', { adopted });
      return { ...report, adopted };
    } catch (error) {
      this.log.warn('recovery sweep failed', { err: error });
      return { failed: [], leftToOthers: [], adopted: [] };
    }
  }

  /** Graceful stop: no new runs, running ones get the grace period, then are cancelled; events flushed. */
  async stop(): Promise<void> {
    this.stopRecovery?.();
    this.stopRecovery = null;
    await this.queue.stop(this.options.shutdownGraceMs ?? 30_000);
    this.stopHeartbeat?.(); // runs in their grace period kept beating
    this.stopHeartbeat = null;
    unregisterLiveProcessId(this.processId);
    await this.sink.flush();
    if (this.controlSub !== null) this.options.pubsub.unsubscribe(this.controlSub);
    this.controlSub = null;
    await this.predictor.close();
    await this.pool.close();
  }

  /** The run was deleted while this process trained it: stop training and end its subscribers. */
  private async runGone(runId: string): Promise<void> {
    this.log.info('run deleted while running: stopping it', { runId });
    this.queue.cancel(runId, 'run deleted');
    await this.options.pubsub.publish(runTopic(runId), { runGone: runId } satisfies RunGoneMessage).catch(() => undefined);
  }

  /**
   * After a delete committed: stops the deleted runs this process trains (others stop when their next event
   * batch finds the row gone), waits a little for them so no late write recreates their folder, then
   * removes ${ARTIFACT_DIR}/runs/<id>/ of each run plus the given extra paths (uploaded datasets).
   * Never throws: removal failures are logged.
   */
  async removeDeletedFiles(runIds: readonly string[], extraPaths: readonly string[] = [], waitMs = 10_000): Promise<void> {
    const local = runIds.filter((id) => this.queue.isRunning(id));
    for (const id of runIds) this.queue.cancel(id, 'run deleted');
    if (local.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(local.map((id) => this.queue.whenDone(id))),
        new Promise<void>((r) => (timer = setTimeout(r, waitMs))),
      ]);
      clearTimeout(timer);
    }
    const paths = [...runIds.map((id) => runArtifactDir(id)), ...extraPaths];
    await removeArtifactPaths(this.artifactDir, paths, (path, err) => this.log.warn('could not remove deleted files', { path, err }));
  }

  enqueue(runId: string): void {
    this.queue.enqueue(runId);
  }

  /**
   * Validates (throws RunInputError, storing nothing), stores the run as QUEUED with its run.queued event
   * and queues it. Returns its id, or the id of the run already submitted with the same idempotency key.
   */
  async submit(input: SubmitRunInput): Promise<string> {
    const received = epochMs();
    const { runId, created } = await submitRun(
      {
        store: this.store,
        sink: this.sink,
        artifactDir: this.artifactDir,
        builtinProfile: (name) => this.builtinProfile(name),
        profileSource: (source) => this.profileSource(source),
        memoryLimitBytes: (this.options.memoryLimitMb ?? 0) * 2 ** 20,
      },
      input,
    );
    if (created) {
      const timeline = this.timelines.of(runId);
      timeline.mark('submitReceived', received);
      timeline.mark('queued');
      this.enqueue(runId);
    }
    return runId;
  }

  /** Stored events of a run with seq > after, ascending, at most limit. */
  events(runId: string, after: number, limit: number): Promise<StoredEvent[]> {
    return this.store.readEvents(runId, after, limit);
  }

  /** Stored events after `after`, then live ones, each once in seq order, ending after run.closed. */
  subscribe(runId: string, after: number): RunEventSource {
    return new RunEventSource(this.options.pubsub, this.store, runId, {
      after,
      finishedAtSeq: async () => {
        const run = await this.store.getRun(runId);
        return run && TERMINAL_STATUSES.has(run.status) ? run.lastSeq : null;
      },
    });
  }

  /** A Run of the experiment each time one is created or changes status, progress or leaderboard (never ends). */
  followExperiment(experimentId: string): Promise<AsyncIterableIterator<Run>> {
    return followExperiment(this.options.pubsub, experimentId, this.runLoads);
  }

  /**
   * Cancels a run: a queued one at once (conditional on it still being queued); a running one by asking
   * the process that runs it (this one, or another through pub/sub) to abort its engine.
   */
  async cancel(runId: string): Promise<void> {
    const cancelledWhileQueued = await markCancelled(this.sink, runId, 'cancelled by user', { startedAt: null }, ['queued']);
    if (cancelledWhileQueued) {
      this.queue.cancel(runId);
      return;
    }
    await this.store.patchRun(runId, { cancelRequested: true });
    if (!this.queue.cancel(runId)) {
      await this.options.pubsub.publish(RUN_CONTROL_TOPIC, { action: 'cancel', runId } satisfies ControlMessage);
    }
  }

  /** Resolves when the run is terminal (seen through its run.closed event) or after timeoutMs. */
  async waitForTerminal(runId: string, timeoutMs: number): Promise<void> {
    let wake: () => void = () => undefined;
    const closed = new Promise<void>((r) => {
      wake = r;
    });
    const subId = await this.options.pubsub.subscribe(
      runTopic(runId),
      (message: unknown) => {
        if (typeof (message as RunGoneMessage | null)?.runGone === 'string') wake();
        else if (eventsOfMessage(message).some((e) => (e as { kind?: string } | null)?.kind === CLOSED_KIND)) wake();
      },
      {},
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      const run = await this.store.getRun(runId);
      if (!run || TERMINAL_STATUSES.has(run.status)) return;
      await Promise.race([closed, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    } finally {
      clearTimeout(timer);
      this.options.pubsub.unsubscribe(subId);
    }
  }

  /** Profile (columns, rows, content SHA-256) of a built-in dataset, computed once per process in a worker. */
  builtinProfile(name: string): Promise<ProfileOutcome> {
    let p = this.builtinProfiles.get(name);
    if (!p) {
      p = runWorkerTask({ type: 'profile', source: { kind: 'builtin', name } }, { pool: this.pool });
      p.catch(() => this.builtinProfiles.delete(name));
      this.builtinProfiles.set(name, p);
    }
    return p;
  }

  /** Parses and profiles a data file in a worker (and hashes its bytes when asked). */
  profileSource(source: WorkerSource, hashFile = false): Promise<ProfileOutcome> {
    return runWorkerTask({ type: 'profile', source, hashFile }, { pool: this.pool });
  }

  /** Scores rows with a stored pipeline in the long-lived prediction thread (file re-hashed on every call). */
  predict(pipeline: ArtifactInput, rows: ColumnRecord, options: PredictOptions = {}): Promise<PredictOutcome> {
    return this.predictor.predict(this.artifactDir, pipeline, rows, options);
  }

  /** Refits a succeeded run's pipeline on all its rows (PyCaret finalize_model) in a worker thread. */
  finalize(runId: string, snapshot: RunSnapshot, pipeline: ArtifactInput): Promise<FinalizeOutcome> {
    return runWorkerTask({
      type: 'finalize',
      runId,
      source: workerSource(this.artifactDir, snapshot.data),
      ...testSource(this.artifactDir, snapshot),
      request: planRequest(snapshot),
      artifactDir: this.artifactDir,
      pipeline,
      fileName: `final-pipeline-${randomUUID().slice(0, 8)}.bin`,
    }, { pool: this.pool });
  }
}
