// The runEvents subscription source as an async iterator: the sequence of run-event-sequence.ts (stored
// events after `after`, then live ones, each once in seq order, ending after run.closed), one subscriber each.
//
// Hand-rolled iterator rather than an async generator: return() must unsubscribe at once, even while
// next() is waiting for an event.
import type { StoredEvent } from '../types.js';
import { runEventSequence, type EventReader, type LiveFeed, type ReplayOptions, type RunEventSequence, type SequenceSink } from './run-event-sequence.js';

export type { EventReader, LiveFeed, ReplayOptions } from './run-event-sequence.js';

export function replayThenLive(
  pubsub: LiveFeed,
  store: EventReader,
  runId: string,
  options: ReplayOptions = {},
): AsyncIterableIterator<StoredEvent> {
  const pageSize = options.pageSize ?? 1000;
  const ready: StoredEvent[] = []; // in order, to be returned by next()
  let ended = false; // the sequence ended or failed, or the iterator was closed
  let failure: unknown = null;
  let wake: (() => void) | null = null;
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

  const sequence = runEventSequence(pubsub, store, runId, options, {
    event: (e) => {
      ready.push(e);
      signal();
    },
    end: () => {
      ended = true;
      signal();
      wakeRoom();
    },
    fail: (error) => {
      failure = error;
      ended = true;
      signal();
      wakeRoom();
    },
    room: roomForPage,
  });

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
      close();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<StoredEvent>> {
      close();
      throw error;
    },
  };
  function close(): void {
    ended = true;
    ready.length = 0;
    sequence.close();
    signal();
    wakeRoom();
  }
  return iterator;
}

/**
 * A run's event stream that has not started yet: iterated, it is replayThenLive on the bus; or, instead,
 * pushTo() runs the same sequence into a sink with live events from another feed (a broadcast group).
 * Nothing is subscribed or read until one of the two is used.
 */
export class RunEventSource implements AsyncIterableIterator<StoredEvent> {
  private iterator: AsyncIterableIterator<StoredEvent> | null = null;
  private used = false;
  private closed = false;

  constructor(
    private readonly pubsub: LiveFeed,
    private readonly store: EventReader,
    readonly runId: string,
    private readonly options: ReplayOptions = {},
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<StoredEvent> {
    return this;
  }

  private started(): AsyncIterableIterator<StoredEvent> {
    if (!this.iterator) {
      if (this.used) throw new Error('this run event source was already handed to pushTo()');
      this.used = true;
      this.iterator = replayThenLive(this.pubsub, this.store, this.runId, this.options);
    }
    return this.iterator;
  }

  next(): Promise<IteratorResult<StoredEvent>> {
    if (this.closed && !this.iterator) return Promise.resolve({ value: undefined, done: true });
    return this.started().next();
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    this.closed = this.used = true;
    if (this.iterator) await this.iterator.return?.();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<StoredEvent>> {
    this.closed = this.used = true;
    if (this.iterator) await this.iterator.return?.();
    throw error;
  }

  /** Runs the sequence into `sink` with its live events from `feed`, instead of iterating. Once. */
  pushTo(feed: LiveFeed, sink: SequenceSink): RunEventSequence {
    if (this.used) throw new Error('this run event source was already started');
    this.used = true;
    return runEventSequence(feed, this.store, this.runId, this.options, sink);
  }
}
