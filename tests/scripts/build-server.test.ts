// `npm start` runs the compiled server: scripts/build-server.mjs builds dist/ and `node dist/server.js` serves,
// trains (engine pool threads on compiled JS) and answers without tsx. The build goes into a temp folder laid
// out like a clean clone (data/ and web/ linked in; node_modules with every package but tsx), so a module that
// still needed tsx would fail to load.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let clone = '';
let server: ChildProcess | null = null;
let output = '';

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'caretql-built-'));
  for (const dir of ['data', 'web']) symlinkSync(join(root, dir), join(clone, dir));
  mkdirSync(join(clone, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === 'tsx' || name === '.bin') continue;
    symlinkSync(join(root, 'node_modules', name), join(clone, 'node_modules', name));
  }
  execFileSync(process.execPath, [join(root, 'scripts', 'build-server.mjs')], { env: { ...process.env, CARETQL_DIST_DIR: join(clone, 'dist') }, stdio: 'pipe' });
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(clone, { recursive: true, force: true });
});

/** Starts node dist/server.js and resolves with its URL once it logs that it listens. */
function startBuilt(): Promise<string> {
  const child = spawn(process.execPath, [join(clone, 'dist', 'server.js')], {
    cwd: clone,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      JWT_SECRET: 'built-start-test-secret-0123',
      LOG_LEVEL: 'info',
      RUN_CONCURRENCY: '1',
      RUN_ENGINE_THREADS: '1',
      RUN_WARM_UP: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /"graphql":"(http:\/\/[^"]+\/graphql)"/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function gql(url: string, query: string, token?: string): Promise<Record<string, any>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

describe('the built server (npm start)', () => {
  it('builds dist/ with the worker entries and serves, trains and answers without tsx', async () => {
    for (const file of ['server.js', 'jobs/threads/worker.js', 'jobs/threads/pool-entry.mjs', 'engine/parallel/worker-entry.mjs', 'engine/parallel/fold-worker.js']) {
      expect(existsSync(join(clone, 'dist', file)), file).toBe(true);
    }
    expect(existsSync(join(clone, 'node_modules', 'tsx'))).toBe(false);
    const url = await startBuilt();
    const health = await fetch(url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);

    const { signUp } = await gql(url, 'mutation { signUp(email: "built@example.com", password: "a long password") { token } }');
    const token = signUp.token as string;
    const ws = await gql(url, 'mutation { createWorkspace(input: { name: "Lab" }) { id } }', token);
    const project = await gql(url, `mutation { createProject(input: { workspaceId: "${ws.createWorkspace.id}", name: "P" }) { id } }`, token);
    const exp = await gql(
      url,
      `mutation { createExperiment(input: { projectId: "${project.createProject.id}", name: "Iris", task: CLASSIFICATION, target: "target", setupParams: { fold: 3, sessionId: 123 } }) { id } }`,
      token,
    );
    const submitted = await gql(
      url,
      `mutation { submitRun(input: { experimentId: "${exp.createExperiment.id}", plan: COMPARE, data: { builtin: IRIS }, params: { include: ["lr", "dt"] } }) { id } }`,
      token,
    );
    const done = await gql(
      url,
      `mutation { waitForRun(id: "${submitted.submitRun.id}", timeoutSeconds: 120) { status error leaderboard { rows { modelId } } } }`,
      token,
    );
    expect(done.waitForRun.error).toBeNull();
    expect(done.waitForRun.status).toBe('SUCCEEDED');
    expect(done.waitForRun.leaderboard.rows.map((r: { modelId: string }) => r.modelId).sort()).toEqual(['dt', 'lr']);
    expect(output).not.toMatch(/tsx/);
  }, 180_000);
});
