import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase } from '../../src/db.js';
import { CreateWorkspaceDocument, LogInDocument, WorkspaceDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { canUse, TEST_PG_ADMIN_URL } from '../helpers/infra.js';
import { collectSubscription, createWsClient } from '../helpers/ws.js';

const ready = (await canUse('postgresql')) && (await canUse('redis'));

describe.skipIf(!ready)('two processes on one PostgreSQL and one Redis', () => {
  const dbName = `caretql_scale_${process.pid}_${Date.now()}`;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const databaseUrl = await createPostgresDatabase(TEST_PG_ADMIN_URL, dbName);
    // Started together: both migrate the same empty database at once (advisory lock).
    [a, b] = await Promise.all([startTestApp({ databaseUrl, redis: true }), startTestApp({ databaseUrl, redis: true })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropPostgresDatabase(TEST_PG_ADMIN_URL, dbName);
  });

  it('share accounts, tokens and data', async () => {
    expect(a.services.pubsub.kind).toBe('redis');
    const user = await a.signUpUser();
    const login = await b.gql(LogInDocument, { email: user.email, password: user.password });
    expect(login.data?.logIn.user.id).toBe(user.id);
    const ws = await b.gql(CreateWorkspaceDocument, { name: 'shared' }, user.token);
    const read = await a.gql(WorkspaceDocument, { id: ws.data!.createWorkspace.id }, login.data!.logIn.token);
    expect(read.data?.workspace?.name).toBe('shared');
    const client = createWsClient(b.wsUrl, user.token);
    try {
      expect(await collectSubscription(client, '{ me { id } }', {})).toEqual([{ data: { me: { id: user.id } } }]);
    } finally {
      await client.dispose();
    }
  });
});
