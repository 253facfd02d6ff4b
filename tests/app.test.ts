import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionAuthorization } from '../src/app.js';
import { errorCode, startTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/infra.js';
import { connectionInitOutcome, createWsClient, collectSubscription } from './helpers/ws.js';

const databases = await testDatabases();

describe.each(databases)('server basics (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers /healthz with 200 when the database is up', async () => {
    const res = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves GraphiQL on GET /graphql', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('graphiql');
  });

  it('closes a WebSocket without a valid token with 4403 at connection_init', async () => {
    expect(await connectionInitOutcome(t.wsUrl, null)).toEqual({ acked: false, closeCode: 4403 });
    expect(await connectionInitOutcome(t.wsUrl, 'not-a-token')).toEqual({ acked: false, closeCode: 4403 });
  });

  it('accepts the common connection_init shapes of the token', async () => {
    const user = await t.signUpUser();
    expect(connectionAuthorization({ authorization: `Bearer ${user.token}` })).toBe(`Bearer ${user.token}`);
    expect(connectionAuthorization({ Authorization: 'Bearer a' })).toBe('Bearer a');
    expect(connectionAuthorization({ headers: { Authorization: 'Bearer b' } })).toBe('Bearer b');
    expect(connectionAuthorization({ authToken: 'c' })).toBe('Bearer c');
    expect(connectionAuthorization({ token: 5 })).toBeNull();
    expect(connectionAuthorization(undefined)).toBeNull();
  });

  it('acknowledges a WebSocket with a valid token and runs operations through it', async () => {
    const user = await t.signUpUser();
    expect(await connectionInitOutcome(t.wsUrl, user.token)).toEqual({ acked: true, closeCode: 0 });
    const client = createWsClient(t.wsUrl, user.token);
    try {
      const results = await collectSubscription<{ me: { email: string } }, Record<string, never>>(client, '{ me { email } }', {});
      expect(results).toEqual([{ data: { me: { email: user.email } } }]);
    } finally {
      await client.dispose();
    }
  });

  it('accepts an API key over WebSocket and re-checks it on every operation (revocation applies at once)', async () => {
    const user = await t.signUpUser();
    const created = await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "ws" }) { secret apiKey { id } } }',
      {},
      user.token,
    );
    const { secret, apiKey } = created.data!.createApiKey;
    let connections = 0;
    const client = createWsClient(t.wsUrl, secret, { lazyCloseTimeout: 60_000 });
    client.on('connected', () => connections++);
    try {
      expect(await collectSubscription(client, '{ me { id } }', {})).toEqual([{ data: { me: { id: user.id } } }]);
      await t.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, user.token);
      const [after] = await collectSubscription(client, '{ me { id } }', {});
      expect(after?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(after?.errors?.[0]?.message).toBe('API key revoked');
      expect(connections).toBe(1); // the same socket: the check is per operation, not only at connection_init
    } finally {
      await client.dispose();
    }
  });

  describe('query limits (graphql-armor)', () => {
    /** workspaces { projects { workspace { projects { ... id } } } }: 2 * depth + 1 levels. */
    const chain = (depth: number): string => {
      let q = 'id name';
      for (let i = 0; i < depth; i++) q = `projects { id workspace { id ${q} } }`;
      return `workspaces { ${q} }`;
    };
    /** The same shape with nothing but the path: deep but cheap. */
    const nest = (depth: number): string => {
      let q = 'id';
      for (let i = 0; i < depth; i++) q = `projects { workspace { ${q} } }`;
      return `{ workspaces { ${q} } }`;
    };

    it('lets a literal of a few thousand values (an inline dataset) reach the resolver', async () => {
      const user = await t.signUpUser();
      const values = Array.from({ length: 5000 }, (_, i) => i).join(', ');
      const r = await t.gql(
        `mutation { createExperiment(input: { projectId: "00000000-0000-0000-0000-000000000000", name: "n", task: CLASSIFICATION, target: "t", setupParams: { trainIndex: [${values}] } }) { id } }`,
        {},
        user.token,
      );
      expect(errorCode(r)).toBe('NOT_FOUND');
    });

    it('accepts an ordinary query', async () => {
      const user = await t.signUpUser();
      const r = await t.gql('{ workspaces { id name projects { id experiments { id project { id } } } } }', {}, user.token);
      expect(r.errors).toBeUndefined();
    });

    it('rejects a query that is too deep, before running it', async () => {
      const user = await t.signUpUser();
      const r = await t.gql(nest(7), {}, user.token);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/depth limit/i);
      expect(r.data).toBeUndefined();
    });

    it('rejects too many aliases', async () => {
      const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ');
      const r = await t.gql(`{ ${aliases} }`);
      expect(r.errors?.[0]?.message).toMatch(/aliases limit/i);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
    });

    it('rejects a query whose cost is too high', async () => {
      // Each alias stays under the depth limit; together they cost far more than maxCost.
      const wide = Array.from({ length: 19 }, (_, i) => `w${i}: ${chain(5)}`).join(' ');
      const r = await t.gql(`{ ${wide} }`);
      expect(r.errors?.[0]?.message).toMatch(/cost limit/i);
    });

    it('rejects a query with too many tokens', async () => {
      const r = await t.gql(`{ me { ${'id '.repeat(60_000)} } }`);
      expect(r.errors?.[0]?.message).toMatch(/token limit/i);
    });

    it('applies the same limits over WebSocket', async () => {
      const user = await t.signUpUser();
      const client = createWsClient(t.wsUrl, user.token);
      try {
        await expect(collectSubscription(client, nest(7), {})).rejects.toThrow(/depth limit.*BAD_USER_INPUT/i);
        await expect(collectSubscription(client, '{ nope }', {})).rejects.toThrow(/Cannot query field.*BAD_USER_INPUT/);
      } finally {
        await client.dispose();
      }
    });
  });
});

