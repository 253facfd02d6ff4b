// Issue 13 items 4 and 5: live subscriptions are re-authorised while they stream (event-driven on
// membership/key changes, and by the periodic re-check), capped per socket and per user, and a
// subscription to a finished run that the client has seen to the end completes at once.
import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceMember } from '../../src/entities/index.js';
import { RunEventsSeqDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { fakeEngineUrl } from '../helpers/fake-engine.js';
import { experimentTopic } from '../../src/jobs/events/experiment-topic.js';
import { followRunsWs, whenSubscribed } from '../helpers/live-runs.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { createWsClient } from '../helpers/ws.js';

interface Outcome {
  events: number[];
  errors: Array<{ message: string; extensions?: { code?: string } }>;
}

/** Subscribes; resolves when the server completes or errors the operation. `onSeq` sees each event. */
function watch(client: Client, runId: string, after?: number, onSeq?: (seq: number) => void): Promise<Outcome> {
  const out: Outcome = { events: [], errors: [] };
  return new Promise((resolve, reject) => {
    client.subscribe<{ runEvents: { seq: number } }>(
      { query: print(RunEventsSeqDocument), variables: { runId, ...(after !== undefined ? { after } : {}) } },
      {
        next: (r: ExecutionResult<{ runEvents: { seq: number } }>) => {
          if (r.errors?.length) out.errors.push(...(r.errors as unknown as Outcome['errors']));
          if (r.data?.runEvents) {
            out.events.push(r.data.runEvents.seq);
            onSeq?.(r.data.runEvents.seq);
          }
        },
        error: (err: unknown) => {
          if (Array.isArray(err)) {
            out.errors.push(...(err as Outcome['errors']));
            resolve(out);
          } else reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        },
        complete: () => resolve(out),
      },
    );
  });
}

const CREATE_KEY = 'mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }';

describe('live subscriptions (sqlite)', () => {
  let t: TestApp;
  let owner: Owner;
  let experimentId: string;
  let member: TestUser;
  const clients: Client[] = [];
  const client = (token: string): Client => {
    const c = createWsClient(t.wsUrl, token, { lazyCloseTimeout: 60_000 });
    clients.push(c);
    return c;
  };
  // A long run (the fake engine: 400 fold events, 10 ms of CPU each); tests cancel it when done.
  const longRun = async (): Promise<string> => (await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' } })).id;
  const cancel = (id: string) => t.gql('mutation C($id: ID!) { cancelRun(id: $id) { status } }', { id }, owner.user.token);

  beforeAll(async () => {
    t = await startTestApp({
      planEngine: fakeEngineUrl({ events: 400, spinMs: 10 }),
      env: { MAX_SUBSCRIPTIONS_PER_SOCKET: '3', MAX_SUBSCRIPTIONS_PER_USER: '5', RUN_CONCURRENCY: '4' },
    });
    owner = await newOwner(t);
    experimentId = await newExperiment(t, owner);
    member = await t.signUpUser();
    await t.gql('mutation A($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id } }', {
      input: { workspaceId: owner.workspaceId, email: member.email, role: 'VIEWER' },
    }, owner.user.token);
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await t?.stop();
  });

  it('item 4: a member removed from the workspace stops receiving events at once (FORBIDDEN), before run.closed', async () => {
    const runId = await longRun();
    let removed = false;
    const outcome = await watch(client(member.token), runId, undefined, (seq) => {
      if (seq === 3 && !removed) {
        removed = true;
        void t.gql('mutation R($w: ID!, $u: ID!) { removeWorkspaceMember(workspaceId: $w, userId: $u) }', { w: owner.workspaceId, u: member.id }, owner.user.token);
      }
    });
    expect(outcome.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const run = await t.gql<{ run: { status: string; lastSeq?: number } }>('query Q($id: ID!) { run(id: $id) { status } }', { id: runId }, owner.user.token);
    expect(run.data?.run.status).toBe('RUNNING'); // it ended because of the removal, not because the run did
    expect(outcome.events.length).toBeGreaterThanOrEqual(3);
    expect(outcome.events).toEqual(outcome.events.map((_, i) => i + 1));
    await cancel(runId);
  });

  it('item 4: a revoked API key stops receiving events at once', async () => {
    const key = await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(CREATE_KEY, { input: { name: 'sub', scopes: ['READ'] } }, owner.user.token);
    const { secret, apiKey } = key.data!.createApiKey;
    const runId = await longRun();
    let revoked = false;
    const outcome = await watch(client(secret), runId, undefined, (seq) => {
      if (seq === 2 && !revoked) {
        revoked = true;
        void t.gql('mutation R($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, owner.user.token);
      }
    });
    expect(outcome.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await cancel(runId);
  });

  it('item 4: the periodic re-check ends a subscription whose access went without a notification', async () => {
    const other = await t.signUpUser();
    await t.gql('mutation A($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id } }', {
      input: { workspaceId: owner.workspaceId, email: other.email, role: 'VIEWER' },
    }, owner.user.token);
    const runId = await longRun();
    let cut = false;
    const outcome = await watch(client(other.token), runId, undefined, (seq) => {
      if (seq === 2 && !cut) {
        cut = true;
        // Straight in the database: no access-change message is published.
        void t.services.orm.em
          .fork()
          .nativeDelete(WorkspaceMember, { workspace: owner.workspaceId, user: other.id })
          .then(() => t.services.subscriptions.recheck(() => true));
      }
    });
    expect(outcome.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await cancel(runId);
  });

  it('item 4: experimentRuns ends with FORBIDDEN for a member removed from the workspace, while the run goes on', async () => {
    const other = await t.signUpUser();
    await t.gql('mutation A($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id } }', {
      input: { workspaceId: owner.workspaceId, email: other.email, role: 'VIEWER' },
    }, owner.user.token);
    // Listening before the run exists, so its creation is the first item (experimentRuns does not replay).
    const listening = whenSubscribed(t.services.pubsub, experimentTopic(experimentId));
    let seen = 0;
    const followed = followRunsWs(client(other.token), experimentId, () => {
      if (++seen === 1)
        void t.gql('mutation R($w: ID!, $u: ID!) { removeWorkspaceMember(workspaceId: $w, userId: $u) }', { w: owner.workspaceId, u: other.id }, owner.user.token);
      return false; // only the removal may end it
    });
    await listening;
    const runId = await longRun();
    const error = await followed.then(
      () => null,
      (e: { errors?: Array<{ extensions?: { code?: string } }> }) => e,
    );
    expect(error?.errors?.map((x) => x.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(seen).toBeGreaterThanOrEqual(1);
    const run = await t.gql<{ run: { status: string } }>('query Q($id: ID!) { run(id: $id) { status } }', { id: runId }, owner.user.token);
    expect(['QUEUED', 'RUNNING']).toContain(run.data?.run.status); // ended by the removal, not by the run
    await cancel(runId);
  });

  it('item 5: caps subscriptions per socket and per user', async () => {
    const runId = await longRun();
    const open = new Set<number>();
    const c = client(owner.user.token);
    const first = [1, 2, 3].map((i) => watch(c, runId, undefined, () => open.add(i)));
    const fourth = await watch(c, runId);
    expect(fourth.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fourth.errors[0]?.message).toMatch(/per connection/);
    // Two more on a second socket reach the per-user cap of 5 (3 + 2), the next one is refused.
    const c2 = client(owner.user.token);
    const more = [watch(c2, runId), watch(c2, runId)];
    await expect.poll(() => t.services.subscriptions.openCount).toBe(5);
    const over = await watch(c2, runId);
    expect(over.errors[0]?.message).toMatch(/per user/);
    await cancel(runId);
    for (const o of await Promise.all([...first, ...more])) expect(o.errors).toEqual([]);
    expect(t.services.subscriptions.openCount).toBe(0);
  });

  it('item 5: runEvents on a finished run with after >= its last seq completes at once', async () => {
    const runId = await longRun();
    await cancel(runId);
    const done = await waitFor(t, owner.user.token, runId);
    expect(done.status).toBe('CANCELLED');
    const all = await watch(client(owner.user.token), runId);
    const last = all.events.at(-1)!;
    expect(all.events).toEqual(all.events.map((_, i) => i + 1));
    for (const after of [last, last + 10]) {
      const rest = await watch(client(owner.user.token), runId, after);
      expect(rest).toEqual({ events: [], errors: [] });
    }
  }, 20_000);
});
