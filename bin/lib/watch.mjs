// Follows a run over graphql-ws (runEvents: replay, then live, ends at run.closed) with one progress bar
// per model on a terminal, one line per finished model otherwise. Resolves with the run id.
import cliProgress from 'cli-progress';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export function watchRun({ url, token }, runId) {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 3,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const tty = Boolean(process.stderr.isTTY);
  const multi = tty ? new cliProgress.MultiBar({ stream: process.stderr, format: ' {model} [{bar}] {value}/{total} folds {score}', hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic) : null;
  const bars = new Map();
  const sums = new Map();
  let k = 0;
  let ending = null;
  const stop = () => {
    multi?.stop();
    if (ending) process.stderr.write(`${ending}\n`);
    ending = null;
  };
  const bar = (id) => {
    if (!bars.has(id)) bars.set(id, multi?.create(k || 1, 0, { model: id.padEnd(9), score: '' }) ?? null);
    return bars.get(id);
  };
  const log = (line) => (multi ? multi.log(`${line}\n`) : process.stderr.write(`${line}\n`));
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query: 'subscription($id: ID!) { runEvents(runId: $id) { seq kind message payload } }', variables: { id: runId } },
      {
        next: ({ data, errors }) => {
          if (errors?.length) return reject(new Error(errors[0].message));
          const e = data.runEvents;
          const p = e.payload ?? {};
          if (e.kind === 'model.compare.started') {
            k = p.k ?? k;
            for (const m of p.models ?? []) bar(m.modelId);
          } else if (e.kind === 'model.create.started') {
            k = p.k ?? k;
            bar(p.modelId)?.setTotal(p.k ?? k);
          } else if (e.kind === 'model.fold.scored') {
            // The bar shows the mean of the first metric over the folds scored so far (the provisional score).
            const first = Object.entries(p.metrics ?? {})[0];
            const sum = (sums.get(p.modelId) ?? 0) + Number(first?.[1] ?? 0);
            sums.set(p.modelId, sum);
            bar(p.modelId)?.update(p.fold, { score: first ? `mean ${first[0]} ${(sum / p.fold).toFixed(4)}` : '' });
          } else if (e.kind === 'model.created' || e.kind === 'model.failed') {
            if (!multi) log(`${e.kind === 'model.failed' ? 'failed' : 'done'}  ${e.message ?? p.modelId}`);
            else if (e.kind === 'model.failed') log(`failed: ${e.message}`);
          } else if (e.kind === 'run.started') {
            log(`${e.kind}${e.message ? `: ${e.message}` : ''}`);
          } else if (/^run\.(succeeded|failed|cancelled)$/.test(e.kind)) {
            // Printed below the bars once they stop (a log line written now would be drawn over the first bar).
            ending = `${e.kind}${e.message ? `: ${e.message}` : ''}`;
          }
        },
        error: (err) => {
          stop();
          void client.dispose();
          reject(err instanceof Error ? err : new Error(err?.reason || `WebSocket closed (${err?.code ?? 'unknown'})`));
        },
        complete: () => {
          stop();
          void client.dispose();
          resolve(runId);
        },
      },
    );
  });
}
