// The experimentRuns subscription source: one item per message on the experiment topic, each loaded by
// `load`. The bus hands the same message object to every subscriber of the topic in this process (in memory,
// and after one JSON parse per Redis message), so SharedLoads memoises the load per message: one load per
// change, whatever the number of subscribers. Items come in message order; a message whose run is gone
// (load gives null) is skipped. The stream never ends by itself (the experiment lives on).
//
// Hand-rolled iterator (as replay-then-live.ts): return() must unsubscribe at once, even while next() waits.
import type { PubSubEngine } from 'graphql-subscriptions';
import { experimentTopic, isExperimentTopicMessage, type ExperimentTopicMessage } from './experiment-topic.js';

/** Loads once per message object (WeakMap: forgotten with the message), counting the loads. */
export class SharedLoads<T extends object> {
  private readonly byMessage = new WeakMap<object, Promise<T | null>>();
  /** Loads started so far (observable: e.g. to check that subscribers share them). */
  count = 0;

  constructor(private readonly loadRun: (message: ExperimentTopicMessage) => Promise<T | null>) {}

  load(message: ExperimentTopicMessage): Promise<T | null> {
    let p = this.byMessage.get(message);
    if (!p) {
      this.count++;
      p = this.loadRun(message);
      this.byMessage.set(message, p);
    }
    return p;
  }
}

/** Subscribes (resolving once delivery is live), then yields a loaded item per message. */
export async function followExperiment<T extends object>(
  pubsub: PubSubEngine,
  experimentId: string,
  loads: SharedLoads<T>,
): Promise<AsyncIterableIterator<T>> {
  const queue: ExperimentTopicMessage[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const subId = await pubsub.subscribe(
    experimentTopic(experimentId),
    (message: unknown) => {
      if (ended || !isExperimentTopicMessage(message) || message.experimentId !== experimentId) return;
      void loads.load(message).catch(() => null); // start at once; a later next() awaits the same promise
      queue.push(message);
      signal();
    },
    {},
  );
  const close = (): void => {
    if (ended) return;
    ended = true;
    queue.length = 0;
    void Promise.resolve()
      .then(() => pubsub.unsubscribe(subId))
      .catch(() => undefined);
    signal();
  };

  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const message = queue.shift();
        if (message) {
          const item = await loads.load(message);
          if (ended) return { value: undefined, done: true };
          if (item) return { value: item, done: false };
          continue;
        }
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    async return(): Promise<IteratorResult<T>> {
      close();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<T>> {
      close();
      throw error;
    },
  };
  return iterator;
}
