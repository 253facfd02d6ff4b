// Issue 13 item 3: READ-only API keys cannot write. One scope check (src/guard/scopes.ts) wraps every mutation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, WorkspaceMember } from '../../src/entities/index.js';
import { MUTATION_SCOPES, requiredScope } from '../../src/guard/index.js';
import { schema } from '../../src/schema/index.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newOwner, type Owner } from '../helpers/runs.js';

const CREATE_KEY = 'mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }';

describe('one scope check for every mutation', () => {
  it('every mutation but the listed ones needs WRITE; queries and subscriptions need READ', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    const readable = mutations.filter((m) => requiredScope('mutation', m) !== 'write');
    expect(readable.sort()).toEqual(Object.keys(MUTATION_SCOPES).sort());
    expect(mutations).toContain('createWorkspace');
    expect(requiredScope('mutation', 'createWorkspace')).toBe('write');
    expect(requiredScope('mutation', 'someFutureMutation')).toBe('write');
    expect(requiredScope('query', 'workspaces')).toBe('read');
    expect(requiredScope('subscription', 'runEvents')).toBe('read');
  });
});

describe('READ keys (sqlite)', () => {
  let t: TestApp;
  let owner: Owner;
  let readKey: string;
  let writeKeyId: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await newOwner(t);
    const r = await t.gql<{ createApiKey: { secret: string } }>(CREATE_KEY, { input: { name: 'ro', scopes: ['READ'] } }, owner.user.token);
    readKey = r.data!.createApiKey.secret;
    const w = await t.gql<{ createApiKey: { apiKey: { id: string } } }>(CREATE_KEY, { input: { name: 'rw', scopes: ['READ', 'WRITE'] } }, owner.user.token);
    writeKeyId = w.data!.createApiKey.apiKey.id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('reads with a READ key', async () => {
    const r = await t.gql<{ workspaces: Array<{ id: string }> }>('query { workspaces { id } }', {}, readKey);
    expect(r.data?.workspaces.map((w) => w.id)).toEqual([owner.workspaceId]);
  });

  it('refuses createWorkspace, revokeApiKey and removeWorkspaceMember (self) with FORBIDDEN and changes nothing', async () => {
    const created = await t.gql('mutation { createWorkspace(input: {name: "nope"}) { id } }', {}, readKey);
    expect(errorCode(created)).toBe('FORBIDDEN');
    const revoked = await t.gql('mutation R($id: ID!) { revokeApiKey(id: $id) { id } }', { id: writeKeyId }, readKey);
    expect(errorCode(revoked)).toBe('FORBIDDEN');
    const left = await t.gql('mutation M($w: ID!, $u: ID!) { removeWorkspaceMember(workspaceId: $w, userId: $u) }', { w: owner.workspaceId, u: owner.user.id }, readKey);
    expect(errorCode(left)).toBe('FORBIDDEN');
    const em = t.services.orm.em.fork();
    expect((await em.findOneOrFail(ApiKey, { id: writeKeyId })).revokedAt).toBeNull();
    expect(await em.count(WorkspaceMember, { workspace: owner.workspaceId, user: owner.user.id })).toBe(1);
    const list = await t.gql<{ workspaces: unknown[] }>('query { workspaces { id } }', {}, owner.user.token);
    expect(list.data?.workspaces).toHaveLength(1);
  });
});
