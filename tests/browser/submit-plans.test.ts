// The submit form's newer plans in a real Chromium against a real server: a COMPARE on breast_cancer, then a
// BLEND of that run's top 3, a STACK of ticked members and a CALIBRATE, each submitted through the form and seen
// SUCCEEDED with its leaderboard; bad JSON in the form shows an error and submits nothing. Screenshots go to
// $SHOTS_DIR (default test-output/browser/plans).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { OUTPUT_DIR, chromiumMissing, ensureWebBuilt, launchChromium, type Browser } from './chromium.js';

const missing = chromiumMissing();
if (missing) console.warn(missing);

const SHOTS = process.env.SHOTS_DIR ?? join(OUTPUT_DIR, 'plans');
const COMPARED = ['lr', 'nb', 'dt', 'knn'];

interface RunRow {
  id: string;
  plan: string;
  status: string;
  leaderboard: { rows: { modelId: string; scores: { metric: string; mean: number }[] }[] } | null;
}

describe.skipIf(missing !== null)('submit form plans in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let user: TestUser;
  let experimentUrl = '';
  let experimentId = '';
  let compareRunId = '';
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

  const runs = async (): Promise<RunRow[]> => {
    const r = await app.gql<{ experiment: { runs: RunRow[] } }>(
      'query($id: ID!) { experiment(id: $id) { runs { id plan status leaderboard { rows { modelId scores { metric mean } } } } } }',
      { id: experimentId },
      user.token,
    );
    return r.data?.experiment.runs ?? [];
  };

  /** Picks the plan and breast_cancer on the experiment page's form (the plan's fields then show). */
  const openForm = async (plan: string) => {
    // a fresh page each time: going to the same #/e/ URL would keep the form's earlier state
    await page.goto('about:blank');
    await page.goto(experimentUrl);
    await page.getByRole('radio', { name: new RegExp(`^${plan}\\b`) }).check();
    await page.locator('select[name=data]').selectOption('builtin:BREAST_CANCER');
  };

  /** Submits the form, follows it to the run page and waits for SUCCEEDED; returns the run id. */
  const submitAndSucceed = async (plan: string): Promise<string> => {
    await page.getByRole('button', { name: `Submit ${plan}` }).click();
    await page.waitForURL(/#\/r\//);
    const id = page.url().split('#/r/')[1] ?? '';
    const badge = page.locator('h1 .badge');
    await badge.filter({ hasText: /SUCCEEDED|FAILED|CANCELLED/ }).waitFor({ timeout: 240_000 });
    const error = (await page.locator('main > p.error').allTextContents()).join(' ');
    expect(await badge.textContent(), error).toBe('SUCCEEDED');
    await page.locator('[data-testid=leaderboard] tbody tr').first().waitFor();
    return id;
  };

  /** The value shown on the run page's summary for `label`. */
  const summaryOf = (label: string) => page.locator('[data-testid=run-summary] div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').textContent();

  /** The control of the form field whose label starts with `label`. */
  const field = (label: string) => page.locator('form label', { hasText: new RegExp(`^${label}`) }).locator('select, input');

  const boardModels = () => page.locator('[data-testid=leaderboard] tbody tr td:nth-child(2)').allTextContents();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ensureWebBuilt();
    app = await startTestApp();
    browser = await launchChromium();
    user = await app.signUpUser(`plans_${Date.now()}@example.com`);
    const w = await app.gql<{ createWorkspace: { id: string } }>('mutation { createWorkspace(input: { name: "Plans" }) { id } }', {}, user.token);
    const p = await app.gql<{ createProject: { id: string } }>('mutation($w: ID!) { createProject(input: { workspaceId: $w, name: "Tumours" }) { id } }', { w: w.data?.createWorkspace.id }, user.token);
    const e = await app.gql<{ createExperiment: { id: string } }>(
      'mutation($p: ID!) { createExperiment(input: { projectId: $p, name: "plans", task: CLASSIFICATION, target: "target", setupParams: { fold: 5 } }) { id } }',
      { p: p.data?.createProject.id },
      user.token,
    );
    experimentId = e.data?.createExperiment.id ?? '';
    expect(experimentId, JSON.stringify(e.errors)).not.toBe('');
    const base = app.url.replace(/\/graphql$/, '');
    experimentUrl = `${base}/#/e/${experimentId}`;
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${base}/`);
    await page.evaluate(([token, email]) => (localStorage.setItem('caretql.token', token), localStorage.setItem('caretql.email', email)), [user.token, user.email] as const);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('runs a COMPARE of a few models through the form', async () => {
    await openForm('compare');
    for (const id of COMPARED) await page.getByRole('checkbox', { name: id, exact: true }).check();
    await shot('01-compare-form.png');
    compareRunId = await submitAndSucceed('compare');
    expect((await boardModels()).length).toBe(COMPARED.length);
    await shot('02-compare-succeeded.png');
  }, 300_000);

  it('BLEND of the top 3 of that compare: SUCCEEDS with its leaderboard', async () => {
    expect(compareRunId).not.toBe('');
    await openForm('blend');
    await page.getByLabel(/Top models of run/).selectOption(compareRunId);
    await page.getByLabel('How many').fill('3');
    await shot('03-blend-form.png');
    const id = await submitAndSucceed('blend');
    await shot('04-blend-succeeded.png');
    const run = (await runs()).find((r) => r.id === id);
    const compared = (await runs()).find((r) => r.id === compareRunId);
    const top3 = compared?.leaderboard?.rows.slice(0, 3).map((r) => r.modelId) ?? [];
    expect(top3).toHaveLength(3);
    expect(run?.plan).toBe('BLEND');
    expect((await boardModels()).length).toBeGreaterThan(0);
    // the blend's members are the compare's top 3, in its order, shown on the run page
    await expect(summaryOf('members')).resolves.toBe(top3.join(', '));
  }, 300_000);

  it('STACK of ticked members and CALIBRATE of one model: both SUCCEED', async () => {
    // a method picked for another plan is not carried over (BLEND's "hard" is no STACK method)
    await openForm('blend');
    await field('Method').selectOption('hard');
    await page.getByRole('radio', { name: /^stack\b/ }).check();
    await expect(field('Method').inputValue()).resolves.toBe('');
    for (const id of ['lr', 'nb', 'dt']) await page.getByRole('checkbox', { name: id, exact: true }).check();
    await field('Method').selectOption('predict_proba');
    await shot('05-stack-form.png');
    const stackId = await submitAndSucceed('stack');
    await shot('06-stack-succeeded.png');
    await expect(summaryOf('members')).resolves.toBe('lr, nb, dt');
    await expect(summaryOf('method')).resolves.toBe('predict_proba');
    const stack = (await runs()).find((r) => r.id === stackId);
    expect(stack?.plan).toBe('STACK');

    await openForm('calibrate');
    await page.locator('select[name=model]').selectOption('nb');
    await field('Method').selectOption('isotonic');
    await shot('07-calibrate-form.png');
    const calId = await submitAndSucceed('calibrate');
    await shot('08-calibrate-succeeded.png');
    const cal = (await runs()).find((r) => r.id === calId);
    expect(cal?.plan).toBe('CALIBRATE');
    expect(await page.locator('h1').textContent()).toContain('calibrate nb');
    await expect(summaryOf('base model')).resolves.toBe('nb');
    await expect(summaryOf('method')).resolves.toBe('isotonic');
  }, 300_000);

  it('TUNE with the tpe search and ENSEMBLE (bagging): both SUCCEED and say what they chose', async () => {
    await openForm('tune');
    await page.locator('select[name=model]').selectOption('dt');
    await field('Iterations').fill('6');
    await field('Search').selectOption('tpe');
    await shot('11-tune-form.png');
    const tuneId = await submitAndSucceed('tune');
    await shot('12-tune-succeeded.png');
    await expect(summaryOf('search')).resolves.toBe('tpe');
    // the baseline and 6 trials, all done (tpe's trials once left the progress at the baseline's 1/7)
    await page.locator('main', { hasText: /7\/7 models · 35\/35 folds/ }).waitFor({ timeout: 10_000 });
    await expect(summaryOf('Accuracy')).resolves.toMatch(/^0\.\d{4} → 0\.\d{4}/);
    await expect(summaryOf('best params')).resolves.toContain('"randomState"');
    const trials = await app.gql<{ run: { events: { kind: string; payload: { library?: string } | null }[] } }>(
      'query($id: ID!) { run(id: $id) { events(limit: 1000) { kind payload } } }',
      { id: tuneId },
      user.token,
    );
    const trialEvents = trials.data?.run.events.filter((e) => e.kind === 'model.tune.trial') ?? [];
    expect(trialEvents, JSON.stringify(trials.errors)).toHaveLength(6);
    expect(trialEvents.every((e) => e.payload?.library === 'tpe')).toBe(true);

    await openForm('ensemble');
    await page.locator('select[name=model]').selectOption('dt');
    await field('Method').selectOption('BAGGING');
    await field('Estimators').fill('5');
    const ensembleId = await submitAndSucceed('ensemble');
    await shot('13-ensemble-succeeded.png');
    await expect(summaryOf('base model')).resolves.toBe('dt');
    await expect(summaryOf('estimators')).resolves.toBe('5');
    expect((await runs()).find((r) => r.id === ensembleId)?.plan).toBe('ENSEMBLE');
  }, 300_000);

  it('refuses bad input in the form: bad JSON shows an error and submits nothing; a server refusal is shown', async () => {
    const before = (await runs()).length;
    await openForm('blend');
    for (const id of ['lr', 'nb']) await page.getByRole('checkbox', { name: id, exact: true }).check();
    await page.getByLabel(/More parameters/).fill('{"weights": [2, 1]');
    await page.getByRole('button', { name: 'Submit blend' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/More parameters must be a JSON object/);
    await shot('09-bad-json.png');
    await page.getByLabel(/More parameters/).fill('[1, 2]');
    await page.getByRole('button', { name: 'Submit blend' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/must be a JSON object/);

    await openForm('calibrate');
    await page.getByLabel('Model parameters (JSON)').fill('{C: 1}');
    await page.getByRole('button', { name: 'Submit calibrate' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Model parameters must be a JSON object/);
    expect(page.url()).toContain('#/e/');

    // one member: refused in the form
    await openForm('blend');
    await page.getByRole('checkbox', { name: 'lr', exact: true }).check();
    await page.getByRole('button', { name: 'Submit blend' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/^Members: tick at least two models/);
    // valid JSON the server refuses (3 weights for 2 members): its BAD_USER_INPUT message and field are shown
    await page.getByRole('checkbox', { name: 'nb', exact: true }).check();
    await page.getByLabel(/More parameters/).fill('{"weights": [1, 2, 3]}');
    await page.getByRole('button', { name: 'Submit blend' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/^Check your input: weights must list 2 finite numbers.*\(field: params\.weights\)/);
    await shot('10-server-refusal.png');
    expect(page.url()).toContain('#/e/');
    expect((await runs()).length).toBe(before);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
