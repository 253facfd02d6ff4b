// GET /artifacts/<id>: bearer auth, the run query's access rule, ETag / Content-Digest from the stored
// SHA-256, and a refusal when the bytes on disk no longer match it.
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Artifact } from '../../src/entities/index.js';
import { decodeBinaryJson } from '../../src/jobs/storage/binary-json.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

describe('GET /artifacts/<id>', () => {
  let app: TestApp;
  let base: string;
  let owner: TestUser;
  let artifact: { id: string; sha256: string; sizeBytes: number };

  beforeAll(async () => {
    app = await startTestApp();
    base = app.url.replace(/\/graphql$/, '');
    owner = await app.signUpUser();
    const ws = await app.gql<{ createWorkspace: { id: string } }>('mutation { createWorkspace(input: { name: "a" }) { id } }', {}, owner.token);
    const project = await app.gql<{ createProject: { id: string } }>('mutation($w: ID!) { createProject(input: { workspaceId: $w, name: "p" }) { id } }', { w: ws.data?.createWorkspace.id }, owner.token);
    const exp = await app.gql<{ createExperiment: { id: string } }>(
      'mutation($p: ID!) { createExperiment(input: { projectId: $p, name: "e", task: CLASSIFICATION, target: "target" }) { id } }',
      { p: project.data?.createProject.id },
      owner.token,
    );
    const run = await app.gql<{ submitRun: { id: string } }>(
      'mutation($e: ID!) { submitRun(input: { experimentId: $e, plan: CREATE, modelId: "nb", data: { builtin: IRIS } }) { id } }',
      { e: exp.data?.createExperiment.id },
      owner.token,
    );
    const done = await app.gql<{ waitForRun: { status: string; artifacts: { id: string; kind: string; sha256: string; sizeBytes: number }[] } }>(
      'mutation($id: ID!) { waitForRun(id: $id, timeoutSeconds: 60) { status artifacts { id kind sha256 sizeBytes } } }',
      { id: run.data?.submitRun.id },
      owner.token,
    );
    expect(done.data?.waitForRun.status).toBe('SUCCEEDED');
    const pipeline = done.data?.waitForRun.artifacts.find((a) => a.kind === 'pipeline');
    if (!pipeline) throw new Error('no pipeline artifact');
    artifact = pipeline;
  }, 90_000);
  afterAll(async () => app?.stop());

  const get = (id: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/artifacts/${id}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  it('sends the bytes with ETag and Content-Digest from the stored SHA-256', async () => {
    const res = await get(artifact.id, owner.token);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.byteLength).toBe(artifact.sizeBytes);
    const digest = createHash('sha256').update(bytes).digest();
    expect(digest.toString('hex')).toBe(artifact.sha256);
    expect(res.headers.get('etag')).toBe(`"${artifact.sha256}"`);
    expect(res.headers.get('content-digest')).toBe(`sha-256=:${digest.toString('base64')}:`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.bin"$/);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(decodeBinaryJson(bytes)).toMatchObject({ format: 'caretql.pipeline' }); // the binary pipeline format
  });

  it('answers 304 to If-None-Match with the ETag', async () => {
    const res = await get(artifact.id, owner.token, { 'if-none-match': `"${artifact.sha256}"` });
    expect(res.status).toBe(304);
  });

  it('is 401 without a valid token and 404 for another user or an unknown id', async () => {
    expect((await get(artifact.id)).status).toBe(401);
    expect((await get(artifact.id, 'garbage')).status).toBe(401);
    const stranger = await app.signUpUser();
    const res = await get(artifact.id, stranger.token);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await get('00000000-0000-0000-0000-000000000000', owner.token)).status).toBe(404);
    const post = await fetch(`${base}/artifacts/${artifact.id}`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` } });
    expect(post.status).toBe(405);
  });

  it('refuses a file whose bytes no longer match the stored SHA-256', async () => {
    const row = await app.services.orm.em.fork().findOneOrFail(Artifact, { id: artifact.id });
    appendFileSync(join(app.config.artifactDir, row.path), ' ');
    const res = await get(artifact.id, owner.token);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INTEGRITY');
  });
});
