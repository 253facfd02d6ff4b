import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';
import { connectionInitOutcome, createWsClient, collectSubscription } from '../helpers/ws.js';

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
});
