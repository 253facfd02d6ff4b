// The sequencing behind the runEvents subscription, pushed to a sink: every stored event with seq > after,
// then the live ones, each exactly once and in seq order, ending after run.closed.
//
// 1. subscribe to `run:<id>` FIRST and wait until the subscription is active (buffering what arrives);
// 2. read the stored events after `after`, page by page, and emit them;
// 3. drain the buffer, skipping seq <= last emitted; from then on live events go straight through.
// Because the sink publishes only after commit, an event is either in the store when step 2 reads, or
// arrives live after step 1. A live event with seq > last + 1 (a hole: e.g. a publication lost, or two
// writers racing) is preceded by the missing ones, read from the store.
//
// Two consumers: replayThenLive (an async iterator, one per subscriber) and the broadcast groups
// (src/subscriptions/broadcast-*.ts), which feed many sequences from one bus subscription and write each
// event straight to its subscriber's socket. The live feed is anything with PubSubEngine's subscribe.
import { eventsOfMessage, runTopic } from './event-sink.js';
import { CLOSED_KIND, type RunGoneMessage, type StoredEvent } from '../types.js';

export interface EventReader {
  readEvents(runId: string, after: number, limit: number): Promise<StoredEvent[]>;
}

/** Where live messages come from: a PubSubEngine, or a broadcast group sharing one bus subscription. */
export interface LiveFeed {
  /** Resolves once delivery to onMessage is live. */
  subscribe(topic: string, onMessage: (message: unknown) => void, options: object): Promise<number>;
  unsubscribe(subId: number): void;
}

export interface ReplayOptions {
  after?: number | null;
  pageSize?: number;
  /**
   * The run's last seq when it is terminal (its run.closed is stored), else null. Asked once after the
   * replay: a subscriber that already has every event of a finished run (after >= last seq) gets an
   * immediate completion instead of waiting for a run.closed that was published long ago.
   */
  finishedAtSeq?: () => Promise<number | null>;
}

/** What a sequence pushes to. Each method is called synchronously, in order; nothing after end or fail. */
export interface SequenceSink {
  /** The next event (seq = previous + 1). */
  event(e: StoredEvent): void;
  /** No more events: run.closed was delivered, the run was deleted, or the subscriber had it all. */
  end(): void;
  fail(error: unknown): void;
  /** Asked before each replay page is read: resolves when the consumer has room for another page. */
  room(): Promise<void> | void;
}

export interface RunEventSequence {
  /** Stops at once (unsubscribes); the sink hears nothing more. */
  close(): void;
}

/** Published events may have crossed Redis as JSON: restore the Date. */
function revive(message: unknown): StoredEvent | null {
  if (typeof message !== 'object' || message === null) return null;
  const e = message as StoredEvent & { emittedAt: Date | string };
  if (typeof e.seq !== 'number') return null;
  return e.emittedAt instanceof Date ? e : { ...e, emittedAt: new Date(e.emittedAt) };
}

export function runEventSequence(
  feed: LiveFeed,
  store: EventReader,
  runId: string,
  options: ReplayOptions,
  sink: SequenceSink,
): RunEventSequence {
  const pageSize = options.pageSize ?? 1000;
  let buffered: StoredEvent[] | null = []; // live events that arrived before the replay finished
  let last = Math.max(0, options.after ?? 0);
  let ended = false; // run.closed accepted, failed, or closed by the consumer
  let subId: number | null = null;
  // Hole fills run one after another, so two live events never fill the same hole twice.
  let filling: Promise<void> = Promise.resolve();
  let fillsInFlight = 0;

  function unsubscribe(): void {
    if (subId !== null) {
      const id = subId;
      subId = null;
      void Promise.resolve()
        .then(() => feed.unsubscribe(id))
        .catch(() => undefined);
    }
  }

  const finish = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    sink.end();
  };

  const fail = (error: unknown): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    sink.fail(error);
  };

  const accept = (e: StoredEvent): void => {
    if (ended || e.seq !== last + 1) return;
    last = e.seq;
    sink.event(e);
    if (e.kind === CLOSED_KIND) finish();
  };

  const fillUpTo = async (seq: number): Promise<void> => {
    while (!ended && last < seq) {
      const page = await store.readEvents(runId, last, Math.min(pageSize, seq - last));
      if (page.length === 0) return; // not visible yet: a later event's hole fill brings it
      for (const e of page) accept(e);
    }
  };

  const onLiveEvent = (message: unknown): void => {
    const e = revive(message);
    if (!e || ended) return;
    if (buffered) {
      buffered.push(e);
      return;
    }
    if (e.seq <= last) return;
    if (fillsInFlight === 0 && e.seq === last + 1) {
      accept(e);
      return;
    }
    fillsInFlight++;
    filling = filling
      .then(() => fillUpTo(e.seq - 1))
      .then(() => accept(e))
      .catch(fail)
      .finally(() => {
        fillsInFlight--;
      });
  };

  const onLive = (message: unknown): void => {
    if (typeof (message as RunGoneMessage | null)?.runGone === 'string') {
      finish(); // the run was deleted: no run.closed will ever come
      return;
    }
    for (const item of eventsOfMessage(message)) onLiveEvent(item);
  };

  const start = (async () => {
    const id = await feed.subscribe(runTopic(runId), onLive, {});
    if (ended) {
      void Promise.resolve(feed.unsubscribe(id)).catch(() => undefined);
      return;
    }
    subId = id;
    // Replay everything stored so far, a page at a time as the consumer keeps up.
    for (;;) {
      await sink.room();
      if (ended) break;
      const page = await store.readEvents(runId, last, pageSize);
      for (const e of page) accept(e);
      if (ended || page.length < pageSize) break;
    }
    if (!ended && options.finishedAtSeq) {
      const finalSeq = await options.finishedAtSeq();
      if (finalSeq !== null && finalSeq <= last && !ended) {
        finish();
        return;
      }
    }
    // Then whatever arrived live meanwhile, in seq order; a hole before a buffered event is filled.
    const early = (buffered ?? []).sort((a, b) => a.seq - b.seq);
    buffered = null;
    for (const e of early) {
      if (ended) break;
      if (e.seq <= last) continue;
      if (e.seq > last + 1) await fillUpTo(e.seq - 1);
      accept(e);
    }
  })();
  start.catch(fail);

  return {
    close() {
      ended = true;
      unsubscribe();
    },
  };
}
