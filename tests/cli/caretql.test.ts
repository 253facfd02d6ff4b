// The CLI (bin/caretql.mjs) in a subprocess against a real test server.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'caretql.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('caretql CLI', () => {
  let app: TestApp;
  let home: string;
  let base: string;
  let experimentId: string;

  const cli = (args: string[], env: Record<string, string> = {}): Promise<Result> =>
    new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args], { cwd: home, env: { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: home, ...env } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    app = await startTestApp();
    base = app.url.replace(/\/graphql$/, '');
    home = mkdtempSync(join(tmpdir(), 'caretql-cli-'));
  });
  afterAll(async () => {
    await app?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('signs up and saves the token; later commands use it', async () => {
    const login = await cli(['--url', base, 'login', '--sign-up', '--email', 'cli@example.com', '--password', 'correct-horse-battery']);
    expect(login.stderr).toContain('logged in as cli@example.com');
    expect(login.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(home, 'caretql', 'login.json'), 'utf8')) as { url: string; token: string };
    expect(saved.url).toBe(base);
    const me = await app.gql<{ me: { email: string } }>('{ me { email } }', {}, saved.token);
    expect(me.data?.me.email).toBe('cli@example.com');

    const ws = await app.gql<{ createWorkspace: { id: string } }>('mutation { createWorkspace(input: { name: "cli" }) { id } }', {}, saved.token);
    const project = await app.gql<{ createProject: { id: string } }>('mutation($w: ID!) { createProject(input: { workspaceId: $w, name: "p" }) { id } }', { w: ws.data?.createWorkspace.id }, saved.token);
    const exp = await app.gql<{ createExperiment: { id: string } }>(
      'mutation($p: ID!) { createExperiment(input: { projectId: $p, name: "iris", task: CLASSIFICATION, target: "target" }) { id } }',
      { p: project.data?.createProject.id },
      saved.token,
    );
    experimentId = exp.data?.createExperiment.id ?? '';
    expect(experimentId).not.toBe('');
  });

  it('uploads, runs a watched compare, prints the leaderboard, predicts to CSV and downloads the pipeline', async () => {
    const upload = await cli(['upload', join(ROOT, 'data', 'iris.csv')]);
    expect(upload.code).toBe(0);
    expect(upload.stderr).toContain('150 rows, 5 columns');
    const datasetId = upload.stdout.trim();

    const run = await cli(['run', experimentId, '--plan', 'compare', '--dataset', datasetId, '--param', 'include=lr,nb,dt', '--param', 'fold=3']);
    expect(run.stderr).toMatch(/run \S+ queued/);
    expect(run.code).toBe(0);
    // Without a terminal: one line per finished model from the subscription, then the table on stdout.
    expect(run.stderr.match(/^done {2}/gm)).toHaveLength(3);
    expect(run.stderr).toContain('run.succeeded');
    const runId = /run (\S+) queued/.exec(run.stderr)?.[1] ?? '';
    const table = run.stdout.trim().split('\n');
    expect(table[0]).toBe('sorted by Accuracy');
    expect(table[1]).toMatch(/^#\s+Model\s+Accuracy\s+AUC\s+Recall\s+Prec\.\s+F1\s+Kappa\s+MCC\s+TT \(Sec\)$/);
    expect(table.slice(3)).toHaveLength(3);

    const board = await cli(['leaderboard', runId, '--json']);
    expect(board.code).toBe(0);
    const json = JSON.parse(board.stdout) as { rows: { modelId: string; scores: { metric: string; mean: number }[] }[] };
    const token = (JSON.parse(readFileSync(join(home, 'caretql', 'login.json'), 'utf8')) as { token: string }).token;
    const server = await app.gql<{ run: { leaderboard: { rows: { modelId: string; scores: { metric: string; mean: number }[] }[] } } }>(
      'query($id: ID!) { run(id: $id) { leaderboard { rows { modelId scores { metric mean } } } } }',
      { id: runId },
      token,
    );
    expect(json.rows.map((r) => ({ modelId: r.modelId, scores: r.scores.map((x) => ({ metric: x.metric, mean: x.mean })) }))).toEqual(server.data?.run.leaderboard.rows);
    const best = json.rows[0]?.modelId ?? '';
    expect(table[3]).toContain(`(${best})`);

    const rows = readFileSync(join(ROOT, 'data', 'iris.csv'), 'utf8').split('\n');
    const header = (rows[0] ?? '').split(',').slice(0, 4);
    const picked = [rows[1], rows[51], rows[101]].map((r) => (r ?? '').split(',').slice(0, 4).join(','));
    writeFileSync(join(home, 'rows.csv'), `${header.map((h) => `"${h}"`).join(',')}\n${picked.join('\n')}\n`);
    const predicted = await cli(['predict', runId, 'rows.csv']);
    expect(predicted.code).toBe(0);
    const out = predicted.stdout.trim().split('\n');
    expect(out[0]).toBe(`${header.join(',')},prediction,probability_0,probability_1,probability_2`);
    const viaApi = await app.gql<{ predict: { predictions: unknown[]; probabilities: number[][] } }>(
      'mutation($id: ID!, $rows: JSON!) { predict(runId: $id, rows: $rows) { predictions probabilities } }',
      { id: runId, rows: picked.map((line) => Object.fromEntries(header.map((h, i) => [h, Number(line.split(',')[i])]))) },
      token,
    );
    expect(out.slice(1).map((l) => l.split(',')[4])).toEqual(viaApi.data?.predict.predictions.map(String));
    expect(out.slice(1).map((l) => l.split(',').slice(5).map(Number))).toEqual(viaApi.data?.predict.probabilities);

    const download = await cli(['download', runId]);
    expect(download.code).toBe(0);
    const bytes = readFileSync(join(home, `${runId}-pipeline.bin`));
    const artifact = await app.gql<{ run: { artifacts: { kind: string; sha256: string; sizeBytes: number }[] } }>(
      'query($id: ID!) { run(id: $id) { artifacts { kind sha256 sizeBytes } } }',
      { id: runId },
      token,
    );
    const pipeline = artifact.data?.run.artifacts.find((a) => a.kind === 'pipeline');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pipeline?.sha256);
    expect(bytes.byteLength).toBe(pipeline?.sizeBytes);
  }, 120_000);

  it('exits non-zero on a failed run and on errors, with the error code in words', async () => {
    // A target the data lacks: the run is accepted, then fails in the engine (or is refused at submit).
    const token = (JSON.parse(readFileSync(join(home, 'caretql', 'login.json'), 'utf8')) as { token: string }).token;
    const exp = await app.gql<{ experiment: { project: { id: string } } }>('query($id: ID!) { experiment(id: $id) { project { id } } }', { id: experimentId }, token);
    const bad = await app.gql<{ createExperiment: { id: string } }>(
      'mutation($p: ID!) { createExperiment(input: { projectId: $p, name: "bad", task: CLASSIFICATION, target: "no_such_column" }) { id } }',
      { p: exp.data?.experiment.project.id },
      token,
    );
    const failed = await cli(['run', bad.data?.createExperiment.id ?? '', '--builtin', 'iris', '--param', 'include=lr']);
    expect(failed.stderr).toMatch(/failed|BAD_USER_INPUT/);
    expect(failed.code).not.toBe(0);

    const unauth = await cli(['leaderboard', 'whatever'], { CARETQL_TOKEN: 'not-a-token' });
    expect(unauth.code).toBe(2);
    expect(unauth.stderr).toContain('UNAUTHENTICATED');

    const badParam = await cli(['run', experimentId, '--builtin', 'iris', '--param', 'fold']);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toContain('--param wants key=value');
  }, 60_000);
});
