// Predict with a run's pipeline: paste CSV (header line first) or JSON rows; shows predictions and probabilities.
import { useState } from 'preact/hooks';
import { mutate } from '../api.js';
import { PredictDoc } from '../documents.js';
import type { PredictMutation } from '../gql/graphql.js';
import { ErrorText, fmt, useAction } from './ui.js';

function cell(value: string): string | number | null {
  const v = value.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/** CSV text (first line is the header; no quoted commas) or JSON into the predict mutation's rows. */
export function parseRows(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return JSON.parse(trimmed) as unknown;
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  if (header.length === 0 || lines.length === 0) throw new Error('Paste a header line and at least one row');
  return lines.map((line) => {
    const values = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cell(values[i] ?? '')]));
  });
}

export function PredictForm({ runId, hasFinal, example }: { runId: string; hasFinal: boolean; example: string }) {
  const [text, setText] = useState(example);
  const [final, setFinal] = useState(false);
  const [result, setResult] = useState<PredictMutation['predict'] | null>(null);
  const [run, busy, error] = useAction();
  return (
    <div>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => setResult((await mutate(PredictDoc, { runId, rows: parseRows(text), final })).predict));
        }}
      >
        <label>
          Rows (CSV with a header line, or JSON)
          <textarea name="rows" rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false} />
        </label>
        {hasFinal && (
          <label class="check">
            <input type="checkbox" checked={final} onChange={(e) => setFinal(e.currentTarget.checked)} /> use the finalized pipeline
          </label>
        )}
        <button class="primary" disabled={busy}>Predict</button>
        <ErrorText error={error} />
      </form>
      {result && (
        <div class="scroll">
          <table data-testid="predictions">
            <thead>
              <tr>
                <th>Row</th>
                <th>Prediction</th>
                {result.classes?.map((c) => <th key={String(c)}>P({String(c)})</th>)}
              </tr>
            </thead>
            <tbody>
              {result.predictions.map((p, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{typeof p === 'number' && !result.classes ? fmt(p) : String(p)}</td>
                  {result.probabilities?.[i]?.map((q, j) => <td key={j}>{fmt(q, 3)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">model {result.modelId} · pipeline SHA-256 <code>{result.artifactSha256.slice(0, 16)}…</code></p>
        </div>
      )}
    </div>
  );
}
