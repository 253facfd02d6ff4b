import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretKey, signToken } from '../../src/auth/jwt.js';
import { ApiKey, User } from '../../src/entities/index.js';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  CreateWorkspaceDocument,
  LogInDocument,
  MeDocument,
  RevokeApiKeyDocument,
  SignUpDocument,
  WorkspacesDocument,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';

const databases = await testDatabases();

describe.each(databases)('accounts and tokens (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const userCount = (): Promise<number> => t.services.orm.em.fork().count(User, {});

  it('signs up (email normalised), logs in, and answers me with the token', async () => {
    const up = await t.gql(SignUpDocument, { email: '  Alice@Example.COM ', password: 'password-1' });
    expect(up.errors).toBeUndefined();
    expect(up.data?.signUp.user.email).toBe('alice@example.com');
    const login = await t.gql(LogInDocument, { email: 'ALICE@example.com', password: 'password-1' });
    expect(login.data?.logIn.user.id).toBe(up.data?.signUp.user.id);
    const me = await t.gql(MeDocument, {}, login.data?.logIn.token);
    expect(me.data?.me?.email).toBe('alice@example.com');
    expect((await t.gql(MeDocument, {})).data?.me).toBeNull();
  });

  it('never stores the password in clear', async () => {
    await t.gql(SignUpDocument, { email: 'clear@example.com', password: 'secret-password-9' });
    const user = await t.services.orm.em.fork().findOneOrFail(User, { email: 'clear@example.com' });
    expect(user.passwordHash).toMatch(/^scrypt2\$16384\$8\$1\$/);
    expect(user.passwordHash).not.toContain('secret-password-9');
  });

  it('refuses a wrong password and an unknown email alike (UNAUTHENTICATED)', async () => {
    await t.signUpUser('bob@example.com', 'password-bob');
    const wrong = await t.gql(LogInDocument, { email: 'bob@example.com', password: 'password-bad' });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.data).toBeNull();
    const unknown = await t.gql(LogInDocument, { email: 'nobody@example.com', password: 'password-bob' });
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it.each([
    ['not-an-email', 'password-1', 'email'],
    ['', 'password-1', 'email'],
    [`${'a'.repeat(320)}@example.com`, 'password-1', 'email'],
    ['short@example.com', 'short', 'password'],
  ])('rejects sign-up %# with BAD_USER_INPUT on the field, writing nothing', async (email, password, field) => {
    const before = await userCount();
    const r = await t.gql(SignUpDocument, { email, password });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe(field);
    expect(await userCount()).toBe(before);
  });

  it('rejects a duplicate email (any case) with CONFLICT', async () => {
    await t.signUpUser('dup@example.com');
    const before = await userCount();
    const r = await t.gql(SignUpDocument, { email: 'DUP@example.com', password: 'password-2' });
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors?.[0]?.extensions?.field).toBe('email');
    expect(await userCount()).toBe(before);
  });

  it('refuses expired, forged and garbage tokens with UNAUTHENTICATED', async () => {
    const user = await t.signUpUser();
    const expired = await signToken(secretKey(TEST_JWT_SECRET), { userId: user.id, email: user.email }, -10);
    const forged = await signToken(secretKey('another-secret-of-enough-length'), { userId: user.id, email: user.email }, 3600);
    for (const [token, message] of [
      [expired, 'token expired'],
      [forged, 'invalid token'],
      ['garbage', 'invalid token'],
      [`${user.token.slice(0, -2)}xx`, 'invalid token'],
    ] as const) {
      const me = await t.gql(MeDocument, {}, token);
      expect(errorCode(me)).toBe('UNAUTHENTICATED');
      expect(me.errors?.[0]?.message).toBe(message);
      const write = await t.gql(CreateWorkspaceDocument, { name: 'W' }, token);
      expect(errorCode(write)).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await t.gql(WorkspacesDocument, {}))).toBe('UNAUTHENTICATED');
  });

  it('creates an API key whose secret is shown once and works as a bearer token', async () => {
    const user = await t.signUpUser();
    const created = await t.gql(CreateApiKeyDocument, { input: { name: 'ci' } }, user.token);
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey.scopes).toEqual(['READ', 'WRITE']);
    expect(apiKey.lastUsedAt).toBeNull();

    const stored = await t.services.orm.em.fork().findOneOrFail(ApiKey, { id: apiKey.id });
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(apiKey.prefix.length + 1));

    const me = await t.gql(MeDocument, {}, secret);
    expect(me.data?.me?.id).toBe(user.id);
    const ws = await t.gql(CreateWorkspaceDocument, { name: 'by key' }, secret);
    expect(ws.data?.createWorkspace.name).toBe('by key');

    const listed = await t.gql(ApiKeysDocument, {}, user.token);
    expect(listed.data?.apiKeys).toHaveLength(1);
    expect(listed.data?.apiKeys[0]?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.data)).not.toContain(secret);
  });

  it('refuses a revoked key, a wrong secret, a read-only key writing, and keys minting keys', async () => {
    const user = await t.signUpUser();
    const rw = (await t.gql(CreateApiKeyDocument, { input: { name: 'rw' } }, user.token)).data!.createApiKey;
    const ro = (await t.gql(CreateApiKeyDocument, { input: { name: 'ro', scopes: ['READ'] } }, user.token)).data!.createApiKey;

    expect(errorCode(await t.gql(CreateApiKeyDocument, { input: { name: 'nested' } }, rw.secret))).toBe('FORBIDDEN');
    expect((await t.gql(WorkspacesDocument, {}, ro.secret)).data?.workspaces).toEqual([]);
    const owned = await t.gql(CreateWorkspaceDocument, { name: 'mine' }, user.token);
    const wsId = owned.data!.createWorkspace.id;
    const roWrite = await t.gql(
      'mutation($id: ID!) { renameWorkspace(id: $id, name: "x") { id } }',
      { id: wsId },
      ro.secret,
    );
    expect(errorCode(roWrite)).toBe('FORBIDDEN');

    const wrongSecret = `${rw.apiKey.prefix}_${'A'.repeat(43)}`;
    expect(errorCode(await t.gql(MeDocument, {}, wrongSecret))).toBe('UNAUTHENTICATED');

    const revoked = await t.gql(RevokeApiKeyDocument, { id: rw.apiKey.id }, user.token);
    expect(revoked.data?.revokeApiKey.revokedAt).not.toBeNull();
    const after = await t.gql(MeDocument, {}, rw.secret);
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
    expect(after.errors?.[0]?.message).toBe('API key revoked');

    const other = await t.signUpUser();
    expect(errorCode(await t.gql(RevokeApiKeyDocument, { id: ro.apiKey.id }, other.token))).toBe('NOT_FOUND');
  });

  it('refuses an expired API key and an expiry in the past', async () => {
    const user = await t.signUpUser();
    const past = await t.gql(CreateApiKeyDocument, { input: { name: 'old', expiresAt: '2000-01-01T00:00:00Z' } }, user.token);
    expect(errorCode(past)).toBe('BAD_USER_INPUT');
    expect(past.errors?.[0]?.extensions?.field).toBe('expiresAt');
    const soon = (await t.gql(CreateApiKeyDocument, { input: { name: 'soon' } }, user.token)).data!.createApiKey;
    await t.services.orm.em.fork().nativeUpdate(ApiKey, { id: soon.apiKey.id }, { expiresAt: new Date(Date.now() - 1000) });
    const r = await t.gql(MeDocument, {}, soon.secret);
    expect(errorCode(r)).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.message).toBe('API key expired');
  });
});
