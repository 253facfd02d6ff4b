// Following Subscription.experimentRuns in tests: over graphql-ws (a Client) or SSE (fetch), until a predicate holds.
import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import type { PubSubEngine } from 'graphql-subscriptions';
import { ExperimentRunsLiveDocument, type LiveRunFieldsFragment } from '../gql/generated/graphql.js';
import type { GqlError } from './app.js';

export type LiveRun = LiveRunFieldsFragment;

/** Subscribe; `ready` resolves with the items once `until` held for one (then the subscription is closed). */
export function followRunsWs(
  client: Client,
  experimentId: string,
  until: (run: LiveRun, all: LiveRun[]) => boolean,
): Promise<LiveRun[]> {
  const items: LiveRun[] = [];
  return new Promise((resolve, reject) => {
    let stop: (() => void) | null = null;
    stop = client.subscribe<{ experimentRuns: LiveRun }>(
      { query: print(ExperimentRunsLiveDocument), variables: { experimentId } },
      {
        next: (r: ExecutionResult<{ experimentRuns: LiveRun }>) => {
          if (r.errors?.length) return reject(Object.assign(new Error(r.errors[0]!.message), { errors: r.errors }));
          const run = r.data!.experimentRuns;
          items.push(run);
          if (until(run, items)) {
            stop?.();
            resolve(items);
          }
        },
        error: (err: unknown) => reject(Array.isArray(err) ? Object.assign(new Error(String(err[0]?.message)), { errors: err as GqlError[] }) : err),
        complete: () => resolve(items),
      },
    );
  });
}

/**
 * The same over SSE (POST /graphql, Accept: text/event-stream, as GraphiQL does). `opened` resolves once the
 * response headers arrived, i.e. the subscription is live. Errors in the stream reject with their extensions.
 */
export function followRunsSse(
  url: string,
  token: string,
  experimentId: string,
  until: (run: LiveRun) => boolean,
): { opened: Promise<void>; items: Promise<LiveRun[]> } {
  const controller = new AbortController();
  let opened!: () => void;
  const openedP = new Promise<void>((r) => (opened = r));
  const items = (async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(ExperimentRunsLiveDocument), variables: { experimentId } }),
      signal: controller.signal,
    });
    opened();
    const out: LiveRun[] = [];
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return out;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (!data) continue;
          const result = JSON.parse(data) as { data?: { experimentRuns: LiveRun }; errors?: GqlError[] };
          if (result.errors?.length) throw Object.assign(new Error(result.errors[0]!.message), { errors: result.errors });
          const run = result.data!.experimentRuns;
          out.push(run);
          if (until(run)) return out;
        }
      }
    } finally {
      controller.abort();
    }
  })();
  return { opened: openedP, items };
}

/**
 * Resolves once the server's bus has a live subscription on `topic` (its subscribe() resolved): a spy on this
 * one bus instance, so a test knows a subscriber is listening before it makes the change it waits for.
 */
export function whenSubscribed(pubsub: PubSubEngine, topic: string, subscribers = 1): Promise<void> {
  const original = pubsub.subscribe.bind(pubsub);
  let left = subscribers;
  return new Promise((resolve) => {
    pubsub.subscribe = async (...args: Parameters<PubSubEngine['subscribe']>) => {
      const id = await original(...args);
      if (args[0] === topic && --left === 0) {
        pubsub.subscribe = original;
        resolve();
      }
      return id;
    };
  });
}
