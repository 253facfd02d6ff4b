// The web app in a real Chromium against a real server: sign up, upload a CSV, create an experiment,
// submit a compare, see leaderboard rows while the run is still RUNNING, open the run's analysis charts,
// predict a row, follow experimentRuns; screenshots go to test-output/browser/. GraphiQL is loaded with every request to anything but 127.0.0.1 blocked.
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

interface Analysis {
  modelId: string;
  rocCurves: { label: string; area: number }[];
  confusionMatrix: { counts: number[][] } | null;
  featureImportance: { feature: string }[];
  optimizedThreshold: { threshold: number } | null;
  calibrationCurves: { label: string }[];
}

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
    // More setup: bad JSON is refused in the page (nothing created); PyCaret's spelling goes through.
    await page.getByLabel('More setup').fill('{"session_id": 7');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('More setup must be a JSON object');
    expect(page.url()).toMatch(/#\/p\//);
    await page.getByLabel('More setup').fill('{"session_id": 7}');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    await page.waitForURL(/#\/e\//);
    await page.locator('main code', { hasText: /session_?[iI]d":7/ }).waitFor();
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
    await page.locator('[data-testid=leaderboard]').getByRole('columnheader', { name: 'F1' }).click();
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

  it('draws the run\'s real analysis: ROC, PR, threshold and calibration curves, confusion heat map, importance bars, holdout pages', async () => {
    expect(finishedRunUrl).toContain('#/r/');
    const runId = finishedRunUrl.split('#/r/')[1] ?? '';
    const page = await browser.context.newPage();
    await page.goto(finishedRunUrl);
    const token = (await page.evaluate(() => localStorage.getItem('caretql.token'))) ?? '';
    const served = await app.gql<{ run: { analysis: Analysis | null } | null }>(
      `query($id: ID!) { run(id: $id) { analysis { modelId rocCurves { label area } confusionMatrix { counts } featureImportance { feature }
        optimizedThreshold { threshold } calibrationCurves { label } } } }`,
      { id: runId },
      token,
    );
    const analysis = served.data?.run?.analysis;
    expect(analysis, JSON.stringify(served.errors)).toBeTruthy();
    if (!analysis) return;
    await page.locator('.chart[aria-label="ROC curve"] canvas').waitFor();
    for (const chart of ['Precision-recall curve', 'Threshold curve', 'Calibration curve', 'Cumulative gain', 'Lift curve']) {
      await expect(page.locator(`.chart[aria-label="${chart}"] canvas`).count(), chart).resolves.toBe(1);
    }
    const roc = analysis.rocCurves[0];
    expect(roc).toBeTruthy();
    await expect(page.locator('.chart[aria-label="ROC curve"]').textContent()).resolves.toContain(`AUC ${roc!.area.toFixed(3)}`);
    expect(analysis.optimizedThreshold).toBeTruthy();
    await expect(page.locator('.chart[aria-label="Threshold curve"]').textContent()).resolves.toContain(`at ${analysis.optimizedThreshold!.threshold.toFixed(2)}`);
    const cells = await page.locator('.heatmap tbody td').allTextContents();
    expect(cells.map(Number)).toEqual(analysis.confusionMatrix?.counts.flat());
    const bars = page.locator('.bars .bar-row');
    await expect(bars.first().locator('.bar-label').textContent()).resolves.toBe(analysis.featureImportance[0]?.feature);
    await page.locator('.charts').scrollIntoViewIfNeeded();
    await page.locator('.charts').screenshot({ path: join(OUTPUT_DIR, '09-run-analysis.png') });

    // Holdout predictions, 20 a page: 171 holdout rows of 569 (train size 0.7).
    const holdout = page.locator('[data-testid=holdout-predictions] tbody tr');
    await expect.poll(() => holdout.count()).toBe(20);
    const firstIndex = await holdout.first().locator('td').first().textContent();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => holdout.first().locator('td').first().textContent()).toBe('20');
    expect(firstIndex).toBe('0');
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => holdout.first().locator('td').first().textContent()).toBe('0');
    await page.close();
  }, 60_000);

  it('follows experimentRuns from the real server: a run submitted elsewhere appears and updates live', async () => {
    const experimentId = experimentUrl.split('#/e/')[1] ?? '';
    expect(experimentId).not.toBe('');
    const page = await browser.context.newPage();
    const listening = whenSubscribed(app.services.pubsub, experimentTopic(experimentId));
    await page.goto(experimentUrl);
    await page.locator('h1').waitFor();
    await listening; // the page's experimentRuns subscription is live on the server
    const token = (await page.evaluate(() => localStorage.getItem('caretql.token'))) ?? '';
    const before = await page.locator('tbody tr a[href^="#/r/"]').count();
    // Record what the new run's row showed while RUNNING, as the page drew it.
    await page.evaluate(() => {
      const w = window as unknown as { running?: string[] };
      w.running = [];
      new MutationObserver(() => {
        for (const tr of document.querySelectorAll('tbody tr')) {
          const text = tr.textContent ?? '';
          if (text.includes('RUNNING') && /\d+\/\d+ models/.test(text) && !w.running!.includes(text)) w.running!.push(text);
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    // Submitted over the API (as the CLI would), not through this page.
    const submitted = await app.gql<{ submitRun: { id: string } }>(
      'mutation($e: ID!) { submitRun(input: { experimentId: $e, plan: COMPARE, params: { include: ["lr", "nb", "dt"] }, data: { builtin: BREAST_CANCER } }) { id } }',
      { e: experimentId },
      token,
    );
    const runId = submitted.data?.submitRun.id ?? '';
    expect(runId, JSON.stringify(submitted.errors)).not.toBe('');
    const row = page.locator('tbody tr', { has: page.locator(`a[href="#/r/${runId}"]`) });
    await row.waitFor();
    // The screenshot shows the row while RUNNING when the page drew it so before the end (the assertions
    // below use what the MutationObserver saw, whichever came first).
    const runningRow = row.filter({ hasText: /RUNNING.*\d+\/3 models.*provisional/ });
    const succeeded = row.locator('.badge', { hasText: 'SUCCEEDED' });
    const first = await Promise.race([
      runningRow.waitFor({ timeout: 120_000 }).then(() => 'running', () => 'none'),
      succeeded.waitFor({ timeout: 120_000 }).then(() => 'succeeded', () => 'none'),
    ]);
    if (first === 'running') await shot(page, '10-experiment-live-runs.png');
    await succeeded.waitFor({ timeout: 120_000 });
    await expect(page.locator('tbody tr a[href^="#/r/"]').count()).resolves.toBe(before + 1);
    await expect(row.locator('progress').evaluate((el) => (el as HTMLProgressElement).value)).resolves.toBe(1);
    const running = await page.evaluate(() => (window as unknown as { running?: string[] }).running ?? []);
    expect(running.length).toBeGreaterThan(0);
    expect(running.some((text) => text.includes('/3 models'))).toBe(true);
    await expect(row.textContent()).resolves.toMatch(/(lr|nb|dt) Accuracy 0\.\d{4}/);
    if (first !== 'running') await shot(page, '10-experiment-live-runs.png');
    await page.close();
  }, 180_000);

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
