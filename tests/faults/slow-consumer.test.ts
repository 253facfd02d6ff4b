// Fault test: a subscriber whose socket stops reading (paused) while a run streams thousands of events, and
// resumes after the run ended. It still gets every event once, in order, then completion; the server stays
// responsive meanwhile (/healthz answers).
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RunEventsSeqDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fakeEngineUrl } from '../helpers/fake-engine.js';
import { newExperiment, newOwner, range, submit, waitFor } from '../helpers/runs.js';

const EVENTS = 3000;

describe('a paused slow consumer (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ planEngine: fakeEngineUrl({ events: EVENTS }) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('gets everything once and in order after it resumes', async () => {
    const owner = await newOwner(t);
    const experimentId = await newExperiment(t, owner);
    const run = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' } });
    const socket = new WebSocket(t.wsUrl, 'graphql-transport-ws');
    const seqs: number[] = [];
    let paused = false;
    const completed = new Promise<void>((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${owner.user.token}` } })));
      socket.on('message', (raw: Buffer) => {
        const msg = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { runEvents: { seq: number } }; errors?: unknown } };
        if (msg.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: print(RunEventsSeqDocument), variables: { runId: run.id } } }));
        } else if (msg.type === 'next') {
          if (msg.payload?.errors) reject(new Error(JSON.stringify(msg.payload.errors)));
          seqs.push(msg.payload!.data!.runEvents.seq);
          if (!paused && seqs.length === 5) {
            paused = true;
            // Stop reading: the server's writes pile up in the kernel and in ws.
            (socket as unknown as { _socket: { pause(): void } })._socket.pause();
          }
        } else if (msg.type === 'complete') resolve();
        else if (msg.type === 'error') reject(new Error(JSON.stringify(msg.payload)));
      });
      socket.on('close', (code) => reject(new Error(`closed ${code}`)));
    });
    const done = await waitFor(t, owner.user.token, run.id);
    expect(done.status).toBe('SUCCEEDED');
    const health = await fetch(t.url.replace(/\/graphql$/, '/healthz'));
    expect(health.status).toBe(200);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await completed;
    socket.close();
    expect(seqs.length).toBeGreaterThan(EVENTS);
    expect(seqs).toEqual(range(seqs.length));
  }, 120_000);
});
