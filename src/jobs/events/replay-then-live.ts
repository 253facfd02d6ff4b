// The runEvents subscription source: every stored event with seq > after, then the live ones,
// each exactly once and in seq order, ending after run.closed.
//
// 1. subscribe to `run:<id>` FIRST and wait until the subscription is active (buffering what arrives);
// 2. read the stored events after `after`, page by page, and emit them;
// 3. drain the buffer, skipping seq <= last emitted; from then on live events go straight through.
// Because the sink publishes only after commit, an event is either in the store when step 2 reads, or
// arrives live after step 1. A live event with seq > last + 1 (a hole: e.g. a publication lost, or two
// writers racing) is preceded by the missing ones, read from the store.
//
// Hand-rolled iterator rather than an async generator: return() must unsubscribe at once, even while
// next() is waiting for an event.
import type { PubSubEngine } from 'graphql-subscriptions';
import { eventsOfMessage, runTopic } from './event-sink.js';
import { CLOSED_KIND, type RunGoneMessage, type StoredEvent } from '../types.js';

export interface EventReader {
  readEvents(runId: string, after: number, limit: number): Promise<StoredEvent[]>;
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

/** Published events may have crossed Redis as JSON: restore the Date. */
function revive(message: unknown): StoredEvent | null {
  if (typeof message !== 'object' || message === null) return null;
  const e = message as StoredEvent & { emittedAt: Date | string };
  if (typeof e.seq !== 'number') return null;
  return e.emittedAt instanceof Date ? e : { ...e, emittedAt: new Date(e.emittedAt) };
}

export function replayThenLive(
  pubsub: PubSubEngine,
  store: EventReader,
  runId: string,
  options: ReplayOptions = {},
): AsyncIterableIterator<StoredEvent> {
  const pageSize = options.pageSize ?? 1000;
  const ready: StoredEvent[] = []; // in order, to be returned by next()
  let buffered: StoredEvent[] | null = []; // live events that arrived before the replay finished
  let last = Math.max(0, options.after ?? 0);
  let ended = false; // run.closed accepted (or the iterator was closed)
  let failure: unknown = null;
  let subId: number | null = null;
  let wake: (() => void) | null = null;
  // Hole fills run one after another, so two live events never fill the same hole twice.
  let filling: Promise<void> = Promise.resolve();
  let fillsInFlight = 0;
  // The replay reads a page only when the consumer has taken most of the previous one, so a paused
  // subscriber holds at most about two pages in memory instead of the whole stored history.
  let roomWaiter: (() => void) | null = null;
  const roomForPage = (): Promise<void> | void => {
    if (ready.length < pageSize || ended) return;
    return new Promise<void>((resolve) => {
      roomWaiter = resolve;
    });
  };
  const wakeRoom = (): void => {
    if (roomWaiter && (ready.length < pageSize || ended)) {
      const w = roomWaiter;
      roomWaiter = null;
      w();
    }
  };

  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  const accept = (e: StoredEvent): void => {
    if (ended || e.seq !== last + 1) return;
    last = e.seq;
    ready.push(e);
    if (e.kind === CLOSED_KIND) {
      ended = true;
      unsubscribe();
    }
    signal();
  };

  const fillUpTo = async (seq: number): Promise<void> => {
    while (!ended && last < seq) {
      const page = await store.readEvents(runId, last, Math.min(pageSize, seq - last));
      if (page.length === 0) return; // not visible yet: a later event's hole fill brings it
      for (const e of page) accept(e);
    }
  };

  const onLive = (message: unknown): void => {
    if (typeof (message as RunGoneMessage | null)?.runGone === 'string') {
      // The run was deleted: no run.closed will ever come.
      ended = true;
      unsubscribe();
      signal();
      return;
    }
    for (const item of eventsOfMessage(message)) onLiveEvent(item);
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

  function unsubscribe(): void {
    if (subId !== null) {
      const id = subId;
      subId = null;
      void Promise.resolve()
        .then(() => pubsub.unsubscribe(id))
        .catch(() => undefined);
    }
  }

  function fail(error: unknown): void {
    if (ended) return;
    failure = error;
    ended = true;
    unsubscribe();
    signal();
  }

  const start = (async () => {
    const id = await pubsub.subscribe(runTopic(runId), onLive, {});
    if (ended) {
      void Promise.resolve(pubsub.unsubscribe(id)).catch(() => undefined);
      return;
    }
    subId = id;
    // Replay everything stored so far, a page at a time as the consumer keeps up.
    for (;;) {
      await roomForPage();
      if (ended) break;
      const page = await store.readEvents(runId, last, pageSize);
      for (const e of page) accept(e);
      if (ended || page.length < pageSize) break;
    }
    if (!ended && options.finishedAtSeq) {
      const finalSeq = await options.finishedAtSeq();
      if (finalSeq !== null && finalSeq <= last && !ended) {
        ended = true;
        unsubscribe();
        signal();
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

  const iterator: AsyncIterableIterator<StoredEvent> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async next(): Promise<IteratorResult<StoredEvent>> {
      for (;;) {
        const e = ready.shift();
        if (e) {
          wakeRoom();
          return { value: e, done: false };
        }
        if (failure !== null) {
          const error = failure;
          failure = null;
          throw error;
        }
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    async return(): Promise<IteratorResult<StoredEvent>> {
      ended = true;
      ready.length = 0;
      unsubscribe();
      signal();
      wakeRoom();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<StoredEvent>> {
      ended = true;
      ready.length = 0;
      unsubscribe();
      signal();
      wakeRoom();
      throw error;
    },
  };
  return iterator;
}
