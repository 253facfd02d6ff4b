// OrmJobStore against a real SQLite file: seq allocation, conditional transitions, artifact row.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initORM, type Orm } from '../../../src/db.js';
import { Artifact, Experiment, Project, Run, Workspace } from '../../../src/entities/index.js';
import { OrmJobStore } from '../../../src/jobs/storage/orm-store.js';

let dir = '';
let orm: Orm;
let store: OrmJobStore;

async function newRun(status: Run['status'] = 'queued'): Promise<string> {
  const em = orm.em.fork();
  const ws = em.create(Workspace, { name: 'w' } as never);
  const project = em.create(Project, { workspace: ws, name: 'p' } as never);
  const exp = em.create(Experiment, { project, name: 'e', task: 'classification', target: 'y', setupParams: {} } as never);
  const run = em.create(Run, { experiment: exp, plan: 'compare', status, snapshot: {}, params: {} } as never);
  await em.flush();
  return run.id;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caretql-store-'));
  orm = await initORM({ kind: 'sqlite', path: join(dir, 'db.sqlite'), url: `sqlite:${join(dir, 'db.sqlite')}` });
  store = new OrmJobStore(orm);
});
afterAll(async () => {
  await orm.close(true);
  await rm(dir, { recursive: true, force: true });
});

describe('OrmJobStore', () => {
  it('allocates seq 1..n across batches and concurrent appends, and bumps lastSeq', async () => {
    const id = await newRun('running');
    const a = await store.append(id, [{ kind: 'a' }, { kind: 'b', payload: { x: 1 }, durationMs: 1.5 }]);
    const batches = await Promise.all([1, 2, 3].map((n) => store.append(id, Array.from({ length: n * 10 }, () => ({ kind: 'c' })))));
    expect(a!.map((e) => e.seq)).toEqual([1, 2]);
    const all = [...a!, ...batches.flatMap((b) => b!)].map((e) => e.seq).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
    const read = await store.readEvents(id, 1, 5);
    expect(read.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(read[0]).toMatchObject({ kind: 'b', payload: { x: 1 }, durationMs: 1.5, runId: id });
    expect(read[0]!.emittedAt).toBeInstanceOf(Date);
    expect((await store.getRun(id))!.lastSeq).toBe(62);
    expect(read[0]!.id).toBe(a![1]!.id);
    expect(read[0]!.id).toBe(`${id}:2`);
  });

  it('applies a transition only from the expected status, with its artifact row, atomically', async () => {
    const id = await newRun('queued');
    const claim = await store.append(id, [{ kind: 'run.started' }], { from: ['queued'], patch: { status: 'running', claimedBy: 'me', startedAt: new Date() } });
    const second = await store.append(id, [{ kind: 'run.started' }], { from: ['queued'], patch: { status: 'running', claimedBy: 'other' } });
    expect(claim!.map((e) => e.seq)).toEqual([1]);
    expect(second).toBeNull();
    const done = await store.append(id, [{ kind: 'run.succeeded' }, { kind: 'run.closed' }], {
      from: ['running'],
      patch: { status: 'succeeded', finishedAt: new Date(), durationMs: 5, summary: { rows: 1, best: 'lr' } },
      artifact: { kind: 'pipeline', path: `runs/${id}/pipeline.json`, sha256: 'a'.repeat(64), sizeBytes: 10 },
    });
    expect(done!.map((e) => e.seq)).toEqual([2, 3]);
    const run = await store.getRun(id);
    expect(run).toMatchObject({ status: 'succeeded', claimedBy: 'me', lastSeq: 3 });
    const arts = await orm.em.fork().find(Artifact, { run: id });
    expect(arts.map((x) => x.sha256)).toEqual(['a'.repeat(64)]);
    expect((await store.runsInStatus('succeeded')).map((r) => r.id)).toContain(id);
  });

  it('stores nothing when the batch fails', async () => {
    await expect(store.append('no-such-run', [{ kind: 'x' }])).rejects.toThrow();
  });
});
