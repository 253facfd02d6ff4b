// One run event to many graphql-ws subscribers is serialised once (src/plugins/pre-serialised-results.ts, and
// for runEvents over graphql-ws the broadcast groups of src/subscriptions/broadcast-*.ts, which write the
// group's one JSON to every socket): 200 subscribers, one socket each, on the in-memory bus and on Redis,
// each receive every event exactly once and in seq order, and the live events went out serialised once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import { preSerialisedSendCount } from '../../src/plugins/pre-serialised-results.js';
import { broadcastSendCount } from '../../src/subscriptions/broadcast-member.js';
import { RunEventsLiveDocument } from '../gql/generated/graphql.js';
import { startTestApp } from '../helpers/app.js';
import { fakeEngineUrl } from '../helpers/fake-engine.js';
import { canUse } from '../helpers/infra.js';
import { newExperiment, newOwner, submit } from '../helpers/runs.js';
import { createWsClient } from '../helpers/ws.js';

const SUBSCRIBERS = 200;
const FOLD_EVENTS = 40;
const redis = await canUse('redis');
const dir = mkdtempSync(join(tmpdir(), 'caretql-fanout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Received {
  seq: number;
  kind: string;
  payload: unknown;
}

/** Subscribes; `first` resolves at the first event (the live subscription is set up by then), `all` at completion. */
function subscribe(client: Client, runId: string): { first: Promise<void>; all: Promise<Received[]> } {
  let onFirst: () => void = () => undefined;
  const first = new Promise<void>((r) => (onFirst = r));
  const events: Received[] = [];
  const all = new Promise<Received[]>((resolve, reject) => {
    client.subscribe<{ runEvents: Received }>(
      { query: print(RunEventsLiveDocument), variables: { runId } },
      {
        next: (r: ExecutionResult<{ runEvents: Received }>) => {
          if (r.errors?.length) return reject(new Error(r.errors[0]!.message));
          events.push(r.data!.runEvents);
          onFirst();
        },
        error: (e: unknown) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => resolve(events),
      },
    );
  });
  return { first, all };
}

describe.each([
  ['in-memory', false],
  ['Redis', true],
] as const)('fan-out on the %s bus', (_name, useRedis) => {
  it.skipIf(useRedis && !redis)(`delivers every event once, in order, to ${SUBSCRIBERS} subscribers, pre-serialised`, async () => {
    const gate = join(dir, `gate-${useRedis ? 'redis' : 'memory'}`);
    const t = await startTestApp({ redis: useRedis, planEngine: fakeEngineUrl({ events: FOLD_EVENTS, spinMs: 2, gate }) });
    const clients: Client[] = [];
    try {
      const owner = await newOwner(t);
      for (let i = 0; i < SUBSCRIBERS; i++) clients.push(createWsClient(t.wsUrl, owner.user.token));
      const exp = await newExperiment(t, owner);
      const run = await submit(t, owner.user.token, { experimentId: exp, plan: 'COMPARE', data: { builtin: 'IRIS' } });
      const subs = clients.map((c) => subscribe(c, run.id));
      await Promise.all(subs.map((s) => s.first));
      const sentOnce = () => preSerialisedSendCount() + broadcastSendCount();
      const sentBefore = sentOnce();
      writeFileSync(gate, 'go'); // every subscriber is live: the engine may start
      const received = await Promise.all(subs.map((s) => s.all));

      const reference = received[0]!;
      expect(reference.map((e) => e.seq)).toEqual(reference.map((_, i) => i + 1));
      expect(reference.filter((e) => e.kind === 'model.fold.scored')).toHaveLength(FOLD_EVENTS);
      expect(reference.at(-1)!.kind).toBe('run.closed');
      for (const events of received) expect(events).toEqual(reference);
      // Every event after the gate reached every socket serialised once (the fold events at least).
      expect(sentOnce() - sentBefore).toBeGreaterThanOrEqual(SUBSCRIBERS * FOLD_EVENTS);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await t.stop();
    }
  }, 120_000);
});
