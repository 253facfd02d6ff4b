// The one writer of run events in this process. Per run, events are written in call order:
// consecutive emits are grouped into one transaction (a micro-batch per event-loop turn, at most
// maxBatch events), seqs are allocated by the store inside that transaction, and only once it has
// committed are the stored events published on `run:<id>`, in seq order: one message per batch (an array
// of StoredEvent), so a busy run costs one serialisation and one Redis PUBLISH per transaction, not per event.
// Being the single writer, it also keeps each running run's live leaderboard and progress (live-run.ts) and
// stores them on the Run row in the batch's own transaction; after commit it tells the run's experiment topic
// (experiment-topic.ts) that the run changed.
import type { PubSubEngine } from 'graphql-subscriptions';
import type { JobStore } from '../storage/job-store.js';
import { ExperimentNotifier } from './experiment-topic.js';
import { LiveRunState } from './live-run.js';
import { epochMs } from '../lifecycle/run-timeline.js';
import {
  RunEndedError,
  RunGoneError,
  TERMINAL_STATUSES,
  type EventInput,
  type LivePatch,
  type NewRun,
  type RunTransition,
  type StoredEvent,
} from '../types.js';

export function runTopic(runId: string): string {
  return `run:${runId}`;
}

/** What is published on runTopic: stored events of one transaction, in seq order. */
export type RunTopicMessage = readonly StoredEvent[];

/** The events of a run-topic message (a batch, or a single event from an older publisher). */
export function eventsOfMessage(message: unknown): unknown[] {
  return Array.isArray(message) ? message : [message];
}

export interface EventSinkOptions {
  /** Most events stored in one transaction. */
  maxBatch?: number;
  /** Attempts per transaction before a batch of plain events is given up (e.g. SQLITE_BUSY). */
  attempts?: number;
  /** Where write and publish failures of fire-and-forget events are reported. */
  onError?: (error: unknown, runId: string) => void;
  /** Called once when a run's row has disappeared (experiment deleted); its further events are dropped. */
  onRunGone?: (runId: string) => void;
  /** Called once when a run was ended by another process while events still came; they are dropped. */
  onRunEnded?: (runId: string) => void;
  /** Least time between two experiment-topic messages about one run's live progress (default 100 ms). */
  liveChangeIntervalMs?: number;
  /**
   * How long a commit (a new run, a status change) waits for its publication before resolving (default
   * 2 s). The publication goes on in order in the background; the bound keeps submitRun answering while
   * Redis is down (ioredis queues commands until it is back). Subscribers fill the hole from the store.
   */
  publishWaitMs?: number;
  /** Counts for the operator metrics: events stored, events published. */
  onCounted?: (what: 'stored' | 'published', events: number) => void;
  /**
   * After each batch of plain events is published: when each was queued, when the batch was stored and
   * published (epoch ms, performance clock), for the run's timeline.
   */
  onBatchTimed?: (runId: string, queuedAt: readonly number[], storedAt: number, publishedAt: number) => void;
}

type Item =
  | { type: 'event'; event: EventInput; queuedAt: number }
  | {
      type: 'commit';
      /** The transaction: a conditional status change with its events, or the insert of a new run. */
      write: () => Promise<StoredEvent[] | null>;
      resolve: (stored: StoredEvent[] | null) => void;
      reject: (error: unknown) => void;
    };

interface Lane {
  items: Item[];
  pumping: boolean;
  scheduled: boolean;
  /** Publication of the previous batch; the next batch publishes after it (keeps seq order). */
  published: Promise<void>;
  idle: Array<() => void>;
}

export class EventSink {
  private readonly lanes = new Map<string, Lane>();
  private readonly maxBatch: number;
  private readonly attempts: number;
  private readonly onError: (error: unknown, runId: string) => void;
  private readonly onRunGone: (runId: string) => void;
  private readonly onRunEnded: (runId: string) => void;
  /** Runs found deleted: their events are dropped (bounded: deleted runs are rare). */
  private readonly gone = new Set<string>();
  /** Live leaderboard and progress of each run whose engine events pass here; dropped when it ends. */
  private readonly live = new Map<string, LiveRunState>();
  readonly notifier: ExperimentNotifier;
  private readonly publishWaitMs: number;
  private readonly onCounted: (what: 'stored' | 'published', events: number) => void;
  private readonly onBatchTimed: EventSinkOptions['onBatchTimed'];

  constructor(
    private readonly store: JobStore,
    private readonly pubsub: PubSubEngine,
    options: EventSinkOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.attempts = options.attempts ?? 3;
    this.onError = options.onError ?? ((error, runId) => console.error(`[event-sink] run ${runId}:`, error));
    this.onRunGone = options.onRunGone ?? (() => undefined);
    this.onRunEnded = options.onRunEnded ?? (() => undefined);
    this.notifier = new ExperimentNotifier(store, pubsub, this.onError, options.liveChangeIntervalMs);
    this.publishWaitMs = options.publishWaitMs ?? 2_000;
    this.onCounted = options.onCounted ?? (() => undefined);
    this.onBatchTimed = options.onBatchTimed;
  }

  /** Queues an event; it is stored with the others of this turn, then published. */
  emit(runId: string, event: EventInput): void {
    const lane = this.lane(runId);
    lane.items.push({ type: 'event', event: { ...event, emittedAt: event.emittedAt ?? new Date() }, queuedAt: epochMs() });
    this.schedule(runId, lane);
  }

  /**
   * Stores `events` (with `transition`, in one transaction) after every event queued before it, then
   * publishes them. Resolves with the stored events, or null when the transition's condition failed.
   */
  commit(runId: string, events: readonly EventInput[], transition?: RunTransition): Promise<StoredEvent[] | null> {
    const lane = this.lane(runId);
    const stamped = events.map((e) => ({ ...e, emittedAt: e.emittedAt ?? new Date() }));
    return new Promise((resolve, reject) => {
      lane.items.push({
        type: 'commit',
        write: async () => {
          const stored = await this.write(runId, stamped, transition);
          const status = transition?.patch.status;
          if (stored && status) {
            if (TERMINAL_STATUSES.has(status)) this.live.delete(runId);
            void this.notifier.statusChanged(runId, status);
          }
          return stored;
        },
        resolve,
        reject,
      });
      this.schedule(runId, lane);
    });
  }

  /**
   * Stores a new run (QUEUED) with `first` as its seq-1 event in one transaction, then publishes that event
   * like any other. Rejects (storing nothing) when the insert fails, e.g. on a duplicate idempotency key.
   */
  create(run: NewRun, first: EventInput): Promise<StoredEvent> {
    const lane = this.lane(run.id);
    const stamped = { ...first, emittedAt: first.emittedAt ?? new Date() };
    return new Promise<StoredEvent[] | null>((resolve, reject) => {
      lane.items.push({
        type: 'commit',
        write: async () => {
          const stored = await this.store.insertRun(run, stamped);
          void this.notifier.statusChanged(run.id, 'queued', run.experimentId);
          return [stored];
        },
        resolve,
        reject,
      });
      this.schedule(run.id, lane);
    }).then((stored) => stored![0]!);
  }

  /** Resolves once everything queued for the run (or for every run) is stored and published. */
  async flush(runId?: string): Promise<void> {
    await this.flushLanes(runId);
    if (runId === undefined) await this.notifier.flush();
  }

  private async flushLanes(runId?: string): Promise<void> {
    const ids = runId === undefined ? [...this.lanes.keys()] : [runId];
    await Promise.all(
      ids.map((id) => {
        const lane = this.lanes.get(id);
        if (!lane) return undefined;
        return new Promise<void>((resolve) => lane.idle.push(resolve));
      }),
    );
  }

  private lane(runId: string): Lane {
    let lane = this.lanes.get(runId);
    if (!lane) {
      lane = { items: [], pumping: false, scheduled: false, published: Promise.resolve(), idle: [] };
      this.lanes.set(runId, lane);
    }
    return lane;
  }

  private schedule(runId: string, lane: Lane): void {
    if (lane.pumping || lane.scheduled) return;
    lane.scheduled = true;
    // One turn of the event loop lets the events that arrive together share a transaction.
    setImmediate(() => {
      lane.scheduled = false;
      void this.pump(runId, lane);
    });
  }

  private async pump(runId: string, lane: Lane): Promise<void> {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      for (;;) {
        const first = lane.items[0];
        if (!first) break;
        if (first.type === 'commit') {
          lane.items.shift();
          try {
            const stored = await first.write();
            if (stored) await this.publishedOrLate(this.publish(runId, lane, stored));
            first.resolve(stored);
          } catch (error) {
            first.reject(error);
          }
          continue;
        }
        const events: EventInput[] = [];
        const queuedAt: number[] = [];
        while (events.length < this.maxBatch && lane.items[0]?.type === 'event') {
          const item = lane.items.shift() as Extract<Item, { type: 'event' }>;
          events.push(item.event);
          queuedAt.push(item.queuedAt);
        }
        if (this.gone.has(runId)) continue;
        try {
          const live = this.livePatch(runId, events);
          const stored = await this.writeWithRetry(runId, events, live?.patch);
          live?.written();
          // Publishing overlaps the next transaction; publications stay in seq order through lane.published.
          if (stored) {
            const published = this.publish(runId, lane, stored);
            const timed = this.onBatchTimed;
            if (timed) {
              const storedAt = epochMs();
              void published.then(() => timed(runId, queuedAt, storedAt, epochMs()));
            }
          }
          if (stored && live) this.notifier.liveChanged(runId);
        } catch (error) {
          if (error instanceof RunGoneError) {
            this.gone.add(runId);
            this.live.delete(runId);
            this.notifier.forget(runId);
            this.onRunGone(runId);
          } else if (error instanceof RunEndedError) {
            this.gone.add(runId);
            this.live.delete(runId);
            this.notifier.forget(runId);
            this.onRunEnded(runId);
          } else {
            this.onError(error, runId);
          }
        }
      }
      await lane.published;
    } finally {
      lane.pumping = false;
      if (lane.items.length > 0) {
        this.schedule(runId, lane);
      } else {
        this.lanes.delete(runId);
        for (const resolve of lane.idle.splice(0)) resolve();
      }
    }
  }

  /** The run's live columns after these events, or null when they change nothing. */
  private livePatch(runId: string, events: readonly EventInput[]): { patch: LivePatch; written: () => void } | null {
    let state = this.live.get(runId);
    if (!state) {
      state = new LiveRunState();
      this.live.set(runId, state);
    }
    if (!state.apply(events)) return null;
    const s = state;
    const leaderboardChanged = s.leaderboardDirty;
    return {
      patch: { progress: s.progress(), ...(leaderboardChanged ? { leaderboard: s.leaderboard() } : {}) },
      written: () => {
        if (leaderboardChanged) s.markLeaderboardWritten();
      },
    };
  }

  private write(runId: string, events: readonly EventInput[], transition?: RunTransition, live?: LivePatch): Promise<StoredEvent[] | null> {
    return this.store.append(runId, events, transition, live);
  }

  private async writeWithRetry(runId: string, events: readonly EventInput[], live?: LivePatch): Promise<StoredEvent[] | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(runId, events, undefined, live);
      } catch (error) {
        if (attempt >= this.attempts || error instanceof RunGoneError || error instanceof RunEndedError) throw error;
      }
    }
  }

  /** Resolves when the publication is done or publishWaitMs passed, whichever is first. */
  private async publishedOrLate(published: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([published, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.publishWaitMs)))]);
    clearTimeout(timer);
  }

  private publish(runId: string, lane: Lane, stored: readonly StoredEvent[]): Promise<void> {
    const topic = runTopic(runId);
    this.onCounted('stored', stored.length);
    lane.published = lane.published.then(async () => {
      try {
        await this.pubsub.publish(topic, stored satisfies RunTopicMessage);
        this.onCounted('published', stored.length);
      } catch (error) {
        this.onError(error, runId);
      }
    });
    return lane.published;
  }
}
