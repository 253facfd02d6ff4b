// Issue 13 items 7 and 8: input the engine can check from the data's profile is refused at submit
// (BAD_USER_INPUT with the field, nothing stored), and "__proto__" is an ordinary column name.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run } from '../../src/entities/index.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newExperiment, newOwner, waitFor, type Owner } from '../helpers/runs.js';

const SUBMIT = 'mutation S($input: SubmitRunInput!) { submitRun(input: $input) { id status } }';
const seq = (n: number, f: (i: number) => unknown): unknown[] => Array.from({ length: n }, (_, i) => f(i));

describe('checked at submit, nothing stored (sqlite)', () => {
  let t: TestApp;
  let owner: Owner;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await newOwner(t);
  });
  afterAll(async () => {
    await t?.stop();
  });
  const runCount = (): Promise<number> => t.services.orm.em.fork().count(Run, {});

  it.each([
    ['one-class target', 'CLASSIFICATION', { fold: 3 }, { x: seq(40, (i) => i), target: seq(40, () => 1) }, null, 'target'],
    ['null in the target', 'CLASSIFICATION', { fold: 3 }, { x: seq(40, (i) => i), target: seq(40, (i) => (i === 7 ? null : i % 2)) }, null, 'target'],
    ['fold 50 on 40 rows', 'CLASSIFICATION', { fold: 3 }, { x: seq(40, (i) => i), target: seq(40, (i) => i % 2) }, { fold: 50 }, 'params.fold'],
    ['setup fold 30 on 28 training rows', 'CLASSIFICATION', { fold: 30 }, { x: seq(40, (i) => i), target: seq(40, (i) => i % 2) }, null, 'setupParams.fold'],
    ['text target for REGRESSION', 'REGRESSION', { fold: 3 }, { x: seq(40, (i) => i), target: seq(40, (i) => `v${i % 3}`) }, null, 'target'],
    ['150 classes on 150 rows', 'CLASSIFICATION', { fold: 3 }, { x: seq(150, (i) => i), target: seq(150, (i) => `c${i}`) }, null, 'target'],
  ])('item 7: %s', async (_name, task, setupParams, inline, params, field) => {
    const experimentId = await newExperiment(t, owner, { task: task as 'CLASSIFICATION', setupParams });
    const before = await runCount();
    const r = await t.gql(SUBMIT, { input: { experimentId, plan: 'COMPARE', data: { inline }, ...(params ? { params } : {}) } }, owner.user.token);
    expect(errorCode(r), JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe(field);
    expect(await runCount()).toBe(before);
    const runsDir = join(t.config.artifactDir, 'runs');
    expect(existsSync(runsDir) ? readdirSync(runsDir) : []).toEqual([]);
  });

  it('item 7: the same data with a setup that fits it is accepted', async () => {
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const r = await t.gql<{ submitRun: { status: string } }>(SUBMIT, { input: { experimentId, plan: 'SETUP', data: { inline: { x: seq(40, (i) => i), target: seq(40, (i) => i % 2) } } } }, owner.user.token);
    expect(r.errors).toBeUndefined();
    expect(r.data?.submitRun.status).toBe('QUEUED');
  });

  it('item 8: a "__proto__" column trains and is predicted, in both row formats', async () => {
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const x = seq(60, (i) => i);
    const body = JSON.stringify({
      query: 'mutation S($input: SubmitRunInput!) { submitRun(input: $input) { id } }',
      variables: { input: { experimentId, plan: 'CREATE', modelId: 'dt', data: { inline: { x: '__X__', target: seq(60, (i) => (i < 30 ? 0 : 1)) } } } },
    }).replace('"x":"__X__"', `"__proto__":${JSON.stringify(x)}`); // a real own key, as a JSON client sends it
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.user.token}` }, body });
    const submitted = (await res.json()) as { data?: { submitRun: { id: string } }; errors?: unknown };
    expect(submitted.errors).toBeUndefined();
    const runId = submitted.data!.submitRun.id;
    const done = await waitFor(t, owner.user.token, runId);
    expect(done.status, done.error ?? '').toBe('SUCCEEDED');
    const PREDICT = 'mutation P($runId: ID!, $rows: JSON!) { predict(runId: $runId, rows: $rows) { predictions } }';
    for (const rows of ['{"__proto__":[5,55]}', '[{"__proto__":5},{"__proto__":55}]']) {
      const p = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.user.token}` },
        body: `{"query":${JSON.stringify(PREDICT)},"variables":{"runId":"${runId}","rows":${rows}}}`,
      });
      const out = (await p.json()) as { data?: { predict: { predictions: unknown[] } }; errors?: unknown };
      expect(out.errors, `${rows}: ${JSON.stringify(out.errors)}`).toBeUndefined();
      expect(out.data?.predict.predictions).toEqual([0, 1]);
    }
  });
});
