// The web app in a real Chromium against a real server: sign up, upload a CSV, create an experiment,
// submit a compare, see leaderboard rows while the run is still RUNNING, predict a row; screenshots go to
// test-output/browser/. GraphiQL is loaded with every request to anything but 127.0.0.1 blocked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { whenSubscribed } from '../helpers/live-runs.js';
import { experimentTopic } from '../../src/jobs/events/experiment-topic.js';
import { OUTPUT_DIR, ROOT, chromiumMissing, ensureWebBuilt, launchChromium, type Browser } from './chromium.js';

const missing = chromiumMissing();
if (missing) console.warn(missing);

const CSV = join(ROOT, 'data', 'breast_cancer.csv');
const MODELS = ['lr', 'nb', 'dt', 'rf', 'et', 'gbc', 'lightgbm'];

describe.skipIf(missing !== null)('web app in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let finishedRunUrl = '';
  let experimentUrl = '';

  beforeAll(async () => {
    ensureWebBuilt();
    app = await startTestApp();
    base = app.url.replace(/\/graphql$/, '');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUTPUT_DIR, name), fullPage: true });

  it('signs up, uploads a CSV, runs a live compare and predicts a row', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(`web_${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('correct-horse-battery');
    await shot(page, '01-sign-up.png');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByLabel('Workspace name').fill('Lab');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/#\/w\//);

    await page.getByLabel('CSV file').setInputFiles(CSV);
    await page.getByRole('button', { name: 'Upload CSV' }).click();
    const datasetRow = page.locator('tr', { hasText: 'breast_cancer' });
    await datasetRow.waitFor();
    await expect(datasetRow.locator('td').nth(1).textContent()).resolves.toBe('569');
    await datasetRow.getByRole('button', { name: 'Profile' }).click();
    await expect(page.locator('table.profile tbody tr').count()).resolves.toBe(31);
    await shot(page, '02-workspace-dataset.png');

    await page.getByLabel('Project name').fill('Tumours');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/p\//);
    await page.getByLabel('Name').fill('benign vs malignant');
    await page.getByLabel('Target column').fill('target');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    await page.waitForURL(/#\/e\//);
    experimentUrl = page.url();

    for (const id of MODELS) await page.getByRole('checkbox', { name: id, exact: true }).check();
    await shot(page, '03-experiment-submit.png');
    // Record the run's status at the moment the first leaderboard row is drawn.
    await page.evaluate(() => {
      const w = window as unknown as { firstRow?: { status: string; text: string } };
      const observer = new MutationObserver(() => {
        const row = document.querySelector('[data-testid=leaderboard] tbody tr');
        if (row && !w.firstRow) {
          w.firstRow = { status: document.querySelector('h1 .badge')?.textContent ?? '', text: row.textContent ?? '' };
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Submit compare' }).click();
    await page.waitForURL(/#\/r\//);

    await page.locator('[data-testid=leaderboard] tbody tr').first().waitFor();
    const firstRow = await page.evaluate(() => (window as unknown as { firstRow?: { status: string; text: string } }).firstRow);
    expect(firstRow?.status).toBe('RUNNING');
    expect(firstRow?.text).toContain('provisional');
    await shot(page, '04-run-live-leaderboard.png');

    await page.locator('h1 .badge', { hasText: 'SUCCEEDED' }).waitFor({ timeout: 240_000 });
    const rows = page.locator('[data-testid=leaderboard] tbody tr');
    await expect(rows.count()).resolves.toBe(MODELS.length);
    expect(await page.locator('[data-testid=leaderboard] .provisional').count()).toBe(0);
    // Sorting by a metric header reorders the rows by that metric (descending first).
    await page.getByRole('columnheader', { name: 'F1' }).click();
    const f1Index = (await page.locator('[data-testid=leaderboard] thead th').allTextContents()).findIndex((t) => t.startsWith('F1'));
    const f1 = (await rows.evaluateAll((trs, i) => trs.map((tr) => Number(tr.children[i]?.textContent)), f1Index)).filter(Number.isFinite);
    expect(f1.length).toBe(MODELS.length);
    expect([...f1].sort((a, b) => b - a)).toEqual(f1);

    // Predict the first data row of the file (all columns but the target).
    const [header = '', first = ''] = readFileSync(CSV, 'utf8').split('\n');
    const names = header.split(',');
    const targetAt = names.indexOf('target');
    const keep = (line: string) => line.split(',').filter((_, i) => i !== targetAt).join(',');
    await page.getByLabel('Rows (CSV with a header line, or JSON)').fill(`${keep(header)}\n${keep(first)}`);
    await page.getByRole('button', { name: 'Predict' }).click();
    const prediction = page.locator('[data-testid=predictions] tbody tr').first();
    await prediction.waitFor();
    const cells = await prediction.locator('td').allTextContents();
    expect(['0', '1']).toContain(cells[1]);
    const probabilities = cells.slice(2).map(Number);
    expect(probabilities).toHaveLength(2);
    expect(probabilities[0]! + probabilities[1]!).toBeCloseTo(1, 2);
    await expect(page.locator('text=pipeline').first().isVisible()).resolves.toBe(true);
    await shot(page, '05-run-finished-predict.png');
    finishedRunUrl = page.url();

    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '06-run-phone.png');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 300_000);

  it('draws the analysis charts from a ModelAnalysis of the contract shape once the schema has Run.analysis', async () => {
    expect(finishedRunUrl).toContain('#/r/');
    // scikit-learn's analysis of LogisticRegression on breast_cancer (fixtures/make-analysis.py), served as if
    // the server had Run.analysis: the schema probe and the RunAnalysis query are answered here.
    const analysis = JSON.parse(readFileSync(join(ROOT, 'tests', 'browser', 'fixtures', 'analysis-breast-cancer.json'), 'utf8')) as {
      confusionMatrix: { counts: number[][] };
      featureImportance: { feature: string }[];
    };
    const page = await browser.context.newPage();
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('SchemaFields')) {
        const names = (list: string[]) => ({ fields: list.map((name) => ({ name })) });
        return route.fulfill({ json: { data: { run: names(['id', 'status', 'leaderboard', 'progress', 'analysis']), subscription: names(['runEvents']) } } });
      }
      if (body.includes('RunAnalysis')) return route.fulfill({ json: { data: { run: { id: 'x', progress: null, analysis } } } });
      return route.continue();
    });
    await page.goto(finishedRunUrl);
    await page.locator('.chart[aria-label="ROC curve"] canvas').waitFor();
    await expect(page.locator('.chart[aria-label="Precision-recall curve"] canvas').count()).resolves.toBe(1);
    await expect(page.locator('.chart[aria-label="Threshold curve"] canvas').count()).resolves.toBe(1);
    await expect(page.locator('.chart[aria-label="ROC curve"]').textContent()).resolves.toContain('AUC 0.996');
    const cells = await page.locator('.heatmap tbody td').allTextContents();
    expect(cells.map(Number)).toEqual(analysis.confusionMatrix.counts.flat());
    const bars = page.locator('.bars .bar-row');
    await expect(bars.count()).resolves.toBe(20);
    await expect(bars.first().locator('.bar-label').textContent()).resolves.toBe(analysis.featureImportance[0]?.feature);
    await page.locator('.charts').scrollIntoViewIfNeeded();
    await page.locator('.charts').screenshot({ path: join(OUTPUT_DIR, '09-run-analysis.png') });
    await page.close();
  }, 60_000);

  it('follows experimentRuns (Run.progress, live leaderboard) once the schema has it', async () => {
    const runId = finishedRunUrl.split('#/r/')[1] ?? '';
    expect(runId).not.toBe('');
    const page = await browser.context.newPage();
    await page.route('**/graphql', async (route) => {
      if ((route.request().postData() ?? '').includes('SchemaFields')) {
        const names = (list: string[]) => ({ fields: list.map((name) => ({ name })) });
        return route.fulfill({ json: { data: { run: names(['id', 'progress', 'analysis']), subscription: names(['runEvents', 'experimentRuns']) } } });
      }
      return route.continue();
    });
    // A graphql-ws peer that answers the experimentRuns subscription with Runs of the contract's shape.
    const subscribed: string[] = [];
    let push: (run: unknown) => void = () => {};
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      ws.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: { query: string; variables: { experimentId: string } } };
        if (message.type === 'connection_init') ws.send(JSON.stringify({ type: 'connection_ack' }));
        if (message.type === 'subscribe' && message.payload?.query.includes('experimentRuns')) {
          subscribed.push(message.payload.variables.experimentId);
          push = (run) => ws.send(JSON.stringify({ id: message.id, type: 'next', payload: { data: { experimentRuns: run } } }));
        }
      });
    });
    await page.goto(experimentUrl);
    const row = page.locator('tbody tr', { has: page.locator(`a[href="#/r/${runId}"]`) });
    await row.waitFor();
    await expect.poll(() => subscribed.length).toBe(1);
    expect(experimentUrl).toContain(`#/e/${subscribed[0]}`);
    const scores = (accuracy: number) => [{ metric: 'ACCURACY', mean: accuracy, std: 0.01 }];
    const run = (status: string, foldsDone: number, modelsDone: number, accuracy: number) => ({
      id: runId, plan: 'COMPARE', modelId: null, status, error: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, durationMs: null, summary: null,
      progress: { modelsDone, modelsTotal: 7, foldsDone, foldsTotal: 70, currentModelId: 'rf' },
      leaderboard: { sortMetric: 'ACCURACY', rows: [{ rank: 1, modelId: 'rf', modelName: 'Random Forest Classifier', fitSeconds: 0.1, foldsDone: 5, scores: scores(accuracy) }] },
    });
    push(run('RUNNING', 35, 3, 0.9123));
    await row.locator('.badge', { hasText: 'RUNNING' }).waitFor();
    await expect(row.textContent()).resolves.toContain('3/7 models');
    await expect(row.textContent()).resolves.toContain('rf Accuracy 0.9123');
    await expect(row.locator('progress').evaluate((el) => (el as HTMLProgressElement).value)).resolves.toBe(0.5);
    await shot(page, '10-experiment-live-runs.png');
    push(run('SUCCEEDED', 70, 7, 0.9599));
    await row.locator('.badge', { hasText: 'SUCCEEDED' }).waitFor();
    await expect(row.textContent()).resolves.toContain('rf Accuracy 0.9599');
    await page.close();
  }, 60_000);

  it('follows the real experimentRuns: a run submitted elsewhere appears on the experiment page and turns SUCCEEDED', async () => {
    const experimentId = experimentUrl.split('#/e/')[1] ?? '';
    expect(experimentId).not.toBe('');
    const page = await browser.context.newPage();
    const listening = whenSubscribed(app.services.pubsub, experimentTopic(experimentId));
    await page.goto(experimentUrl);
    await listening; // the page's experimentRuns subscription is live on the server
    const token = await page.evaluate(() => localStorage.getItem('caretql.token'));
    const submitted = await app.gql<{ submitRun: { id: string } }>(
      'mutation($e: ID!) { submitRun(input: { experimentId: $e, plan: CREATE, modelId: "nb", data: { builtin: BREAST_CANCER } }) { id } }',
      { e: experimentId },
      token,
    );
    const runId = submitted.data?.submitRun.id ?? '';
    expect(runId, JSON.stringify(submitted.errors)).not.toBe('');
    const row = page.locator('tbody tr', { has: page.locator(`a[href="#/r/${runId}"]`) });
    await row.locator('.badge', { hasText: 'SUCCEEDED' }).waitFor({ timeout: 60_000 });
    await page.close();
  }, 90_000);

  it('serves GraphiQL with no request leaving 127.0.0.1; a query and a subscription run in it', async () => {
    // A finished run to subscribe to: its runEvents stream replays and ends with run.closed.
    const user = await app.signUpUser();
    const ids = await app.gql<{ createWorkspace: { id: string } }>('mutation { createWorkspace(input: { name: "g" }) { id } }', {}, user.token);
    const project = await app.gql<{ createProject: { id: string } }>(
      'mutation($w: ID!) { createProject(input: { workspaceId: $w, name: "p" }) { id } }',
      { w: ids.data?.createWorkspace.id },
      user.token,
    );
    const experiment = await app.gql<{ createExperiment: { id: string } }>(
      'mutation($p: ID!) { createExperiment(input: { projectId: $p, name: "e", task: CLASSIFICATION, target: "target" }) { id } }',
      { p: project.data?.createProject.id },
      user.token,
    );
    const submitted = await app.gql<{ submitRun: { id: string } }>(
      'mutation($e: ID!) { submitRun(input: { experimentId: $e, plan: CREATE, modelId: "nb", data: { builtin: IRIS } }) { id } }',
      { e: experiment.data?.createExperiment.id },
      user.token,
    );
    const runId = submitted.data?.submitRun.id ?? '';
    const waited = await app.gql<{ waitForRun: { status: string } }>('mutation($id: ID!) { waitForRun(id: $id, timeoutSeconds: 60) { status } }', { id: runId }, user.token);
    expect(waited.data?.waitForRun.status).toBe('SUCCEEDED');

    const page = await browser.context.newPage();
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      blocked.push(url.href);
      return route.abort();
    });
    await page.goto(`${base}/graphql?query=${encodeURIComponent('{ models(task: CLASSIFICATION) { id name } }')}`);
    await page.locator('.graphiql-query-editor', { hasText: 'models(task' }).waitFor();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response', { hasText: '"Logistic Regression"' }).waitFor({ timeout: 30_000 });
    await shot(page, '07-graphiql-offline.png');

    // The subscription goes over SSE with the Authorization header from GraphiQL's header editor.
    await page.goto(`${base}/graphql?query=${encodeURIComponent(`subscription { runEvents(runId: "${runId}") { seq kind } }`)}`);
    await page.locator('.graphiql-query-editor', { hasText: 'runEvents' }).waitFor();
    await page.getByText('Headers', { exact: true }).click();
    await page.locator('.monaco-editor[data-uri*="headers"] .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${user.token}` }));
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response', { hasText: '"run.closed"' }).waitFor({ timeout: 30_000 });
    await shot(page, '08-graphiql-subscription.png');
    expect(blocked).toEqual([]);
    await page.close();
  }, 120_000);
});
