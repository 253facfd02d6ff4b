// Submit stores a run in one step: the inline data file moved under the run, the Run row and its seq-1
// run.queued event all exist, or (when the insert fails) none of them does.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RunEventsDocument, SubmitRunDocument } from '../../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../../helpers/app.js';
import { Run, RunEvent } from '../../../src/entities/index.js';
import { newExperiment, newOwner, type Owner } from '../../helpers/runs.js';

let t: TestApp;
let owner: Owner;
let experimentId: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await newOwner(t);
  experimentId = await newExperiment(t, owner);
});
afterAll(async () => {
  await t?.stop();
});

const inline = { x: [1, 2, 3, 4, 5, 6, 7, 8], target: [0, 1, 0, 1, 0, 1, 0, 1] };
const listDir = (...parts: string[]): string[] => {
  const dir = join(t.services.runs.artifactDir, ...parts);
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('submitRun with inline data', () => {
  it('leaves no file, run or event behind when storing the run fails', async () => {
    const em = t.services.orm.em.fork();
    const runsBefore = listDir('runs');
    const insert = vi.spyOn(t.services.runs.store, 'insertRun').mockRejectedValueOnce(new Error('database unavailable'));
    try {
      const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data: { inline } } }, owner.user.token);
      expect(errorCode(r)).toBe('INTERNAL_SERVER_ERROR');
      expect(insert).toHaveBeenCalledTimes(1);
    } finally {
      insert.mockRestore();
    }
    expect(await em.count(Run, { experiment: experimentId })).toBe(0);
    expect(await em.count(RunEvent, { run: { experiment: experimentId } })).toBe(0);
    expect(listDir('runs')).toEqual(runsBefore);
    expect(listDir('tmp').filter((f) => f.startsWith('inline-'))).toEqual([]);
  });

  it('stores the data file under the run, the QUEUED row and run.queued as seq 1 together', async () => {
    const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data: { inline } } }, owner.user.token);
    expect(r.errors).toBeUndefined();
    const run = r.data!.submitRun;
    expect(run.status).toBe('QUEUED');
    expect(run.snapshot).toMatchObject({ data: { kind: 'inline', path: `runs/${run.id}/data.json`, rows: 8 } });
    expect(existsSync(join(t.services.runs.artifactDir, 'runs', run.id, 'data.json'))).toBe(true);
    expect(listDir('tmp').filter((f) => f.startsWith('inline-'))).toEqual([]);
    const events = await t.gql(RunEventsDocument, { runId: run.id, limit: 1 }, owner.user.token);
    expect(events.data!.runEvents.map((e) => [e.seq, e.kind])).toEqual([[1, 'run.queued']]);
  });
});
