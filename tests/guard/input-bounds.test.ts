// Issue 13 items 1, 6, 10 and part of 11: every input is bounded at the edge, before any work, and
// malformed input is BAD_USER_INPUT (with the field), never a 500.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretKey } from '../../src/auth/jwt.js';
import { Run, User } from '../../src/entities/index.js';
import { errorCode, startTestApp, TEST_JWT_SECRET, type GqlResult, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';
import { newExperiment, newOwner, type Owner } from '../helpers/runs.js';

const databases = await testDatabases();

/** POSTs a body built by hand (JSON.stringify itself would overflow on the deep values sent here). */
async function postRaw(t: TestApp, body: string, token?: string): Promise<GqlResult<Record<string, unknown>>> {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  return { status: res.status, ...(JSON.parse(text) as object), raw: text } as GqlResult<Record<string, unknown>> & { raw: string };
}

const SUBMIT = 'mutation S($input: SubmitRunInput!) { submitRun(input: $input) { id } }';
const CREATE_EXPERIMENT = 'mutation E($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }';

describe.each(databases)('input bounds at the edge (%s)', (database) => {
  let t: TestApp;
  let owner: Owner;
  let experimentId: string;
  beforeAll(async () => {
    t = await startTestApp({ database });
    owner = await newOwner(t);
    experimentId = await newExperiment(t, owner);
  });
  afterAll(async () => {
    await t?.stop();
  });
  const runCount = (): Promise<number> => t.services.orm.em.fork().count(Run, {});

  it('item 1: logIn refuses a password over 1,024 characters before hashing it', async () => {
    const r = await t.gql('mutation L($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }', {
      e: owner.user.email,
      p: '\uFDFA'.repeat(1025),
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe('password');
  });

  it('item 6: setupParams nested 100,000 deep is BAD_USER_INPUT, not a stack overflow', async () => {
    const n = 100_000;
    const deep = `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const body = `{"query":${JSON.stringify(CREATE_EXPERIMENT)},"variables":{"input":{"projectId":"${owner.projectId}","name":"deep","task":"CLASSIFICATION","target":"target","setupParams":${deep}}}}`;
    const r = await postRaw(t, body, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toMatch(/^setupParams/);
  });

  it('item 6: params and inline data nested deep are refused and store nothing', async () => {
    const before = await runCount();
    const n = 50_000;
    const deepArray = `${'['.repeat(n)}1${']'.repeat(n)}`;
    for (const input of [
      `{"experimentId":"${experimentId}","plan":"COMPARE","data":{"builtin":"IRIS"},"params":{"include":${deepArray}}}`,
      `{"experimentId":"${experimentId}","plan":"COMPARE","data":{"inline":{"x":${deepArray},"target":[1]}}}`,
    ]) {
      const r = await postRaw(t, `{"query":${JSON.stringify(SUBMIT)},"variables":{"input":${input}}}`, owner.user.token);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
    }
    expect(await runCount()).toBe(before);
  });

  it('item 6: a document literal nested 5,000 deep is BAD_USER_INPUT', async () => {
    const n = 5_000;
    const query = `mutation { createExperiment(input: {projectId: "${owner.projectId}", name: "x", task: CLASSIFICATION, target: "t", setupParams: ${'['.repeat(n)}1${']'.repeat(n)}}) { id } }`;
    const r = await t.gql(query, {}, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    // 40 deep is within the document's nesting limit but deeper than a JSON literal may go.
    const mid = `mutation { createExperiment(input: {projectId: "${owner.projectId}", name: "x", task: CLASSIFICATION, target: "t", setupParams: {a: ${'['.repeat(40)}1${']'.repeat(40)}}}) { id } }`;
    expect(errorCode(await t.gql(mid, {}, owner.user.token))).toBe('BAD_USER_INPUT');
  });

  it('item 6: NUL in an email, an idempotencyKey and an inline column name: BAD_USER_INPUT with the field, nothing stored', async () => {
    const up = await t.gql('mutation U($e: String!) { signUp(email: $e, password: "long enough pw") { token } }', { e: 'nul\u0000@example.com' });
    expect(errorCode(up)).toBe('BAD_USER_INPUT');
    expect(up.errors?.[0]?.extensions?.field).toBe('email');
    const before = await runCount();
    const key = await t.gql(SUBMIT, { input: { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' }, idempotencyKey: 'k\u0000' } }, owner.user.token);
    expect(errorCode(key)).toBe('BAD_USER_INPUT');
    expect(key.errors?.[0]?.extensions?.field).toBe('idempotencyKey');
    const column = await t.gql(
      SUBMIT,
      { input: { experimentId, plan: 'SETUP', data: { inline: { 'x\u0000': [1, 2, 3, 4], target: [0, 1, 0, 1] } } } },
      owner.user.token,
    );
    expect(errorCode(column)).toBe('BAD_USER_INPUT');
    expect(column.errors?.[0]?.extensions?.field).toBe('data.inline.x\u0000');
    expect(await runCount()).toBe(before);
    const runsDir = join(t.config.artifactDir, 'runs');
    expect(existsSync(runsDir) ? readdirSync(runsDir) : []).toEqual([]);
  });

  it('item 6: a NUL in a CSV header is refused at upload', async () => {
    const operations = JSON.stringify({
      query: 'mutation U($w: ID!, $f: File!) { uploadDataset(workspaceId: $w, name: "nul", file: $f) { id } }',
      variables: { w: owner.workspaceId, f: null },
    });
    const form = new FormData();
    form.set('operations', operations);
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new Blob(['a\u0000b,target\n1,0\n2,1\n'], { type: 'text/csv' }), 'nul.csv');
    const res = await fetch(t.url, { method: 'POST', headers: { authorization: `Bearer ${owner.user.token}` }, body: form });
    const r = (await res.json()) as GqlResult<unknown>;
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe('file');
  });

  it('item 9: 1e999 in inline data is refused (it would become null), like predict refuses it', async () => {
    const before = await runCount();
    const body = `{"query":${JSON.stringify(SUBMIT)},"variables":{"input":{"experimentId":"${experimentId}","plan":"SETUP","data":{"inline":{"x":[1,2,1e999,4],"target":[0,1,0,1]}}}}}`;
    const r = await postRaw(t, body, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe('data.inline.x');
    expect(await runCount()).toBe(before);
  });

  it('item 10: an unknown argument name is not echoed whole; a huge document is refused unparsed', async () => {
    const name = `a${'b'.repeat(1_000_000)}`;
    const r = await t.gql(`query { me(${name}: 1) { id } }`, {});
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors).length).toBeLessThan(2_000);
    const huge = await t.gql(`query { me(${'c'.repeat(3_000_000)}: 1) { id } }`, {});
    expect(errorCode(huge)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(huge.errors).length).toBeLessThan(2_000);
  });

  it('item 11: enum errors do not say "Did you mean"', async () => {
    const r = await t.gql(`mutation { createExperiment(input: {projectId: "${owner.projectId}", name: "x", task: CLASSIFICATIO, target: "t"}) { id } }`, {}, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('item 11: a JWT without exp is refused; a valid token of a deleted user is UNAUTHENTICATED', async () => {
    const noExp = await new SignJWT({ email: owner.user.email })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(owner.user.id)
      .setIssuer('caretql')
      .setIssuedAt()
      .sign(secretKey(TEST_JWT_SECRET));
    expect(errorCode(await t.gql('query { workspaces { id } }', {}, noExp))).toBe('UNAUTHENTICATED');
    const doomed = await t.signUpUser();
    await t.services.orm.em.fork().nativeDelete(User, { id: doomed.id });
    const r = await t.gql('mutation { createWorkspace(input: {name: "ghost"}) { id } }', {}, doomed.token);
    expect(errorCode(r)).toBe('UNAUTHENTICATED');
  });

  it('item 11: passwords are not merged by NFKC; all-space and NUL passwords are refused', async () => {
    const email = `nfkc_${Date.now()}@example.com`;
    await t.gql('mutation U($e: String!) { signUp(email: $e, password: "finepassword") { token } }', { e: email });
    const ligature = await t.gql('mutation L($e: String!) { logIn(email: $e, password: "\uFB01nepassword") { token } }', { e: email });
    expect(errorCode(ligature)).toBe('UNAUTHENTICATED');
    const plain = await t.gql('mutation L($e: String!) { logIn(email: $e, password: "finepassword") { token } }', { e: email });
    expect(plain.errors).toBeUndefined();
    for (const password of [' '.repeat(8), '\u0000'.repeat(8), '\u3000'.repeat(8)]) {
      const r = await t.gql('mutation U($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }', {
        e: `ws_${Math.random().toString(36).slice(2)}@example.com`,
        p: password,
      });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe('password');
    }
  });
});
