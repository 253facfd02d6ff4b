// RUN_MEMORY_LIMIT_MB: a run whose estimated peak memory is above the budget is refused at submit with
// BAD_USER_INPUT on "data" (nothing stored), one below it runs; the estimate follows the encoding the setup
// will make (one-hot widens, ignoreFeatures narrows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmitRunDocument } from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { uploadCsv } from '../helpers/uploads.js';
import { Run } from '../../src/entities/index.js';
import { encodedWidth, estimateRunBytes, MEMORY_FACTOR, TEST_DATA_FACTOR } from '../../src/jobs/lifecycle/memory-budget.js';
import type { DatasetProfile } from '../../src/engine/index.js';

let t: TestApp;
let owner: Owner;

beforeAll(async () => {
  // digits: 1,797 rows × (64 encoded + 65 raw) columns × 8 bytes × 6 = 10.6 MB; iris: 150 × 9 × 48 = 63 KB.
  t = await startTestApp({ env: { RUN_MEMORY_LIMIT_MB: '2' } });
  owner = await newOwner(t);
});
afterAll(async () => {
  await t?.stop();
});

describe('run memory budget', () => {
  it('refuses at submit a run estimated above RUN_MEMORY_LIMIT_MB, naming the estimate and the limit, storing nothing', async () => {
    expect(t.config.runMemoryLimitMb).toBe(2);
    const experimentId = await newExperiment(t, owner);
    const before = await t.services.orm.em.fork().count(Run, {});
    const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'COMPARE', data: { builtin: 'DIGITS' } } }, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe('data');
    expect(r.errors![0]!.message).toMatch(/about 11 MB of memory \(1,797 rows × 64 encoded columns\).*limit of 2 MB \(RUN_MEMORY_LIMIT_MB\)/);
    expect(await t.services.orm.em.fork().count(Run, {})).toBe(before);
  });

  it('counts the rows of a testData holdout too: a small training set with a large testData is refused', async () => {
    // amount, colour (one-hot, 3) and target: 4 encoded + 3 raw cells a row. 60 training rows fit easily; 25,000
    // test rows × 2 copies × 7 cells × 8 bytes = 2.7 MB do not fit 2 MB.
    const rows = (n: number, offset: number): string =>
      `amount,colour,target\n${Array.from({ length: n }, (_, j) => `${(j + offset) % 9},${['red', 'green', 'blue'][j % 3]},${j % 4 === 0 ? 'yes' : 'no'}`).join('\n')}\n`;
    const train = await uploadCsv(t, owner.user.token, owner.workspaceId, rows(60, 0));
    const small = await uploadCsv(t, owner.user.token, owner.workspaceId, rows(20, 100));
    const large = await uploadCsv(t, owner.user.token, owner.workspaceId, rows(25_000, 100));
    const fits = await newExperiment(t, owner, { setupParams: { fold: 3, testData: small } });
    const queued = await submit(t, owner.user.token, { experimentId: fits, plan: 'CREATE', modelId: 'nb', data: { datasetId: train } });
    expect((await waitFor(t, owner.user.token, queued.id)).status).toBe('SUCCEEDED');

    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3, testData: large } });
    const before = await t.services.orm.em.fork().count(Run, {});
    const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'CREATE', modelId: 'nb', data: { datasetId: train } } }, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe('data');
    expect(r.errors![0]!.message).toMatch(/about 3 MB of memory \(60 rows \+ 25,000 test rows × 4 encoded columns\)/);
    expect(await t.services.orm.em.fork().count(Run, {})).toBe(before);
  });

  it('runs what fits', async () => {
    const experimentId = await newExperiment(t, owner);
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'nb', data: { builtin: 'IRIS' } });
    expect((await waitFor(t, owner.user.token, queued.id)).status).toBe('SUCCEEDED');
  });

  it('estimates the encoded width as the setup will encode', () => {
    const profile: DatasetProfile = {
      rows: 1_000_000,
      sha256: '',
      columns: [
        { name: 'date', type: 'categorical', inferredType: 'date', missing: 0, distinct: 730 },
        { name: 'carrier', type: 'categorical', inferredType: 'categorical', missing: 0, distinct: 300 },
        { name: 'colour', type: 'categorical', inferredType: 'categorical', missing: 0, distinct: 3 },
        { name: 'distance', type: 'numeric', inferredType: 'numeric', missing: 0, distinct: 2900 },
        { name: 'target', type: 'numeric', inferredType: 'numeric', missing: 0, distinct: 2 },
      ],
    };
    // date 6 + carrier target-encoded 1 + colour one-hot 3 + distance 1
    expect(encodedWidth(profile, {}, 'target', 'classification')).toBe(11);
    expect(encodedWidth(profile, { encodingMethod: 'onehot' }, 'target', 'classification')).toBe(310);
    expect(encodedWidth(profile, { ignoreFeatures: ['date'] }, 'target', 'classification')).toBe(5);
    expect(encodedWidth(profile, { numericFeatures: ['colour'] }, 'target', 'classification')).toBe(9);
    expect(estimateRunBytes(profile, {}, 'target', 'classification')).toBe(1_000_000 * (11 + 5) * 8 * MEMORY_FACTOR);
    expect(estimateRunBytes(profile, {}, 'target', 'classification', 250_000)).toBe((1_000_000 * MEMORY_FACTOR + 250_000 * TEST_DATA_FACTOR) * (11 + 5) * 8);
  });
});
