#!/usr/bin/env node
// The caretql command line: a client of the public GraphQL API (HTTP + graphql-ws) and GET /artifacts/<id>.
// Server URL and token come from --url / --token, then CARETQL_URL / CARETQL_TOKEN, then what `login` saved.
import { Command, Option } from 'commander';
import { api, saveLogin, resolveTarget, CliError } from './lib/client.mjs';
import { formatLeaderboard } from './lib/table.mjs';
import { watchRun } from './lib/watch.mjs';
import { parseCsv, toCsv } from './lib/csv.mjs';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';

const program = new Command('caretql')
  .description('caretql: upload data, run AutoML plans, watch them live, predict, download pipelines')
  .addOption(new Option('--url <url>', 'server URL').env('CARETQL_URL'))
  .addOption(new Option('--token <token>', 'bearer token (JWT or API key)').env('CARETQL_TOKEN'))
  .showHelpAfterError();

const target = () => resolveTarget(program.opts());

const RUN_FIELDS = `id status error plan modelId durationMs
  leaderboard { sortMetric rows { rank modelId modelName fitSeconds scores { metric mean std } } }
  artifacts { id kind sha256 sizeBytes }`;

async function ask(question, hidden = false) {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) rl._writeToOutput = () => {}; // do not echo the password
  const answer = await rl.question(question);
  rl.close();
  if (hidden) process.stderr.write('\n');
  return answer;
}

program
  .command('login')
  .description('log in (or --sign-up) and save the token for later commands')
  .option('--email <email>', 'account email', process.env.CARETQL_EMAIL)
  .option('--password <password>', 'password (or CARETQL_PASSWORD; asked when missing)', process.env.CARETQL_PASSWORD)
  .option('--sign-up', 'create the account first')
  .action(async (o) => {
    const { url } = resolveTarget({ ...program.opts(), token: 'none' });
    const email = o.email ?? (await ask('Email: '));
    const password = o.password ?? (await ask('Password: ', true));
    const field = o.signUp ? 'signUp' : 'logIn';
    const data = await api({ url, token: null }, `mutation($e: String!, $p: String!) { ${field}(email: $e, password: $p) { token user { email } } }`, { e: email, p: password });
    const path = await saveLogin(url, data[field].token);
    console.error(`logged in as ${data[field].user.email}; token saved to ${path}`);
  });

program
  .command('upload <csv>')
  .description('upload a CSV as a dataset; prints its id')
  .option('--workspace <id>', 'workspace id (default: your first workspace)')
  .option('--name <name>', 'dataset name (default: the file name)')
  .action(async (csv, o) => {
    const t = target();
    let workspaceId = o.workspace;
    if (!workspaceId) {
      const { workspaces } = await api(t, '{ workspaces { id name } }');
      if (!workspaces.length) throw new CliError('You have no workspace: create one in the web app or pass --workspace');
      workspaceId = workspaces[0].id;
    }
    const bytes = await readFile(csv);
    const form = new FormData();
    form.append('operations', JSON.stringify({
      query: 'mutation($file: File!, $name: String!, $w: ID!) { uploadDataset(file: $file, name: $name, workspaceId: $w) { id name rowCount columns { name type missing distinct } } }',
      variables: { file: null, name: o.name ?? basename(csv).replace(/\.csv$/i, ''), w: workspaceId },
    }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([bytes], { type: 'text/csv' }), basename(csv));
    const data = await api(t, form);
    const d = data.uploadDataset;
    console.error(`uploaded ${d.name}: ${d.rowCount} rows, ${d.columns.length} columns`);
    console.log(d.id);
  });

function parseParam(pair, all) {
  const at = pair.indexOf('=');
  if (at <= 0) throw new CliError(`--param wants key=value, got ${JSON.stringify(pair)}`);
  const key = pair.slice(0, at);
  const raw = pair.slice(at + 1);
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    value = ['include', 'exclude'].includes(key) ? raw.split(',').filter(Boolean) : raw;
  }
  if (['include', 'exclude'].includes(key) && typeof value === 'string') value = value.split(',');
  return { ...all, [key]: value };
}

program
  .command('run <experiment>')
  .description('submit a run of an experiment and watch it (progress per model, leaderboard at the end)')
  .addOption(new Option('--plan <plan>', 'plan').choices(['compare', 'create', 'tune', 'setup']).default('compare'))
  .option('--model <id>', 'model id (create, tune)')
  .option('--dataset <id>', 'an uploaded dataset id')
  .option('--builtin <name>', 'a built-in dataset: iris, wine, breast_cancer, diabetes, digits')
  .option('--param <k=v>', 'plan parameter, repeatable (include=lr,rf fold=5 budgetSeconds=60)', parseParam, {})
  .option('--no-watch', 'print the run id and return at once')
  .option('--json', 'print the final run as JSON')
  .action(async (experimentId, o) => {
    const t = target();
    if (!o.dataset && !o.builtin) throw new CliError('Say which data: --dataset <id> or --builtin <name>');
    const data = o.dataset ? { datasetId: o.dataset } : { builtin: o.builtin.toUpperCase() };
    const input = { experimentId, plan: o.plan.toUpperCase(), data, params: o.param, ...(o.model ? { modelId: o.model } : {}) };
    const { submitRun } = await api(t, 'mutation($i: SubmitRunInput!) { submitRun(input: $i) { id status } }', { i: input });
    console.error(`run ${submitRun.id} ${submitRun.status.toLowerCase()}`);
    if (!o.watch) return console.log(submitRun.id);
    await finish(t, await watchRun(t, submitRun.id), o.json);
  });

async function finish(t, runId, json) {
  const { run } = await api(t, `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: runId });
  if (json) console.log(JSON.stringify(run, null, 2));
  else {
    if (run.leaderboard) console.log(formatLeaderboard(run.leaderboard));
    console.error(`run ${run.id} ${run.status.toLowerCase()}${run.durationMs !== null ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : ''}${run.error ? `: ${run.error}` : ''}`);
  }
  if (run.status !== 'SUCCEEDED') process.exitCode = 1;
}

program
  .command('watch <run>')
  .description('follow a run live until it ends; exit code 1 when it failed or was cancelled')
  .option('--json', 'print the final run as JSON')
  .action(async (runId, o) => {
    const t = target();
    await finish(t, await watchRun(t, runId), o.json);
  });

program
  .command('leaderboard <run>')
  .description("print a run's leaderboard")
  .option('--json', 'as JSON')
  .action(async (runId, o) => {
    const { run } = await api(target(), `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: runId });
    if (!run) throw new CliError(`Run ${runId} not found`);
    if (!run.leaderboard) throw new CliError(`Run ${runId} has no leaderboard (status ${run.status})`);
    console.log(o.json ? JSON.stringify(run.leaderboard, null, 2) : formatLeaderboard(run.leaderboard));
  });

program
  .command('predict <run> <rows>')
  .description('predict the rows of a CSV file; writes the rows with prediction (and probability) columns as CSV to stdout')
  .option('--final', 'use the finalized pipeline')
  .action(async (runId, file, o) => {
    const { header, rows } = parseCsv(await readFile(file, 'utf8'));
    const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] === '' ? null : Number.isFinite(Number(r[i])) ? Number(r[i]) : r[i]])));
    const { predict } = await api(
      target(),
      'mutation($id: ID!, $rows: JSON!, $final: Boolean) { predict(runId: $id, rows: $rows, final: $final) { predictions probabilities classes } }',
      { id: runId, rows: records, final: Boolean(o.final) },
    );
    const classes = predict.classes ?? [];
    const outHeader = [...header, 'prediction', ...classes.map((c) => `probability_${c}`)];
    const out = rows.map((r, i) => [...r, predict.predictions[i], ...(predict.probabilities?.[i] ?? [])]);
    process.stdout.write(toCsv(outHeader, out));
  });

program
  .command('download <run>')
  .description("download a run's pipeline artifact (SHA-256 checked)")
  .option('--kind <kind>', 'pipeline or final_pipeline', 'pipeline')
  .option('-o, --output <file>', 'output file (default: <run>-<kind>.bin, or .json for a pipeline stored as JSON)')
  .action(async (runId, o) => {
    const t = target();
    const { run } = await api(t, 'query($id: ID!) { run(id: $id) { id artifacts { id kind sha256 sizeBytes } } }', { id: runId });
    if (!run) throw new CliError(`Run ${runId} not found`);
    const artifact = run.artifacts.find((a) => a.kind === o.kind);
    if (!artifact) throw new CliError(`Run ${runId} has no ${o.kind} artifact (it has: ${run.artifacts.map((a) => a.kind).join(', ') || 'none'})`);
    const response = await fetch(new URL(`/artifacts/${artifact.id}`, t.url), { headers: { authorization: `Bearer ${t.token}` } });
    if (!response.ok) throw new CliError(`Download failed: HTTP ${response.status} ${await response.text()}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== artifact.sha256) throw new CliError(`SHA-256 mismatch: got ${sha}, the run records ${artifact.sha256}`);
    // Pipelines are stored in the binary format (magic "CQLPIPE\0"); older ones are JSON.
    const ext = bytes.subarray(0, 8).toString('latin1') === 'CQLPIPE\0' ? 'bin' : 'json';
    const path = o.output ?? `${run.id}-${o.kind}.${ext}`;
    await writeFile(path, bytes);
    console.error(`saved ${path} (${bytes.byteLength} bytes, sha256 ${sha})`);
  });

program.parseAsync().catch((error) => {
  console.error(`caretql: ${error instanceof CliError ? error.message : error?.stack ?? error}`);
  process.exitCode = 2;
});
