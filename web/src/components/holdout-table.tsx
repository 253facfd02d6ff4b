// The chosen model's holdout predictions (Run.holdoutPredictions), a page at a time via the after cursor.
import { useState } from 'preact/hooks';
import { query } from '../api.js';
import { HoldoutPredictionsDoc } from '../documents.js';
import { ErrorText, fmt, useLoad } from './ui.js';

const PAGE = 20;

// Class labels come back as JSON numbers (0, 1): print integers as they are, other numbers to 4 decimals.
const cell = (v: unknown): string => (typeof v === 'number' && !Number.isInteger(v) ? fmt(v) : String(v));

export function HoldoutTable({ runId, classes }: { runId: string; classes: string[] }) {
  // Cursors of the pages seen so far: page i starts after cursors[i] (undefined = from the start).
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const page = useLoad(() => query(HoldoutPredictionsDoc, { id: runId, after, limit: PAGE }), [runId, after]);
  const rows = page.data?.run?.holdoutPredictions ?? [];
  const last = rows[rows.length - 1];
  const withProbabilities = rows.some((r) => r.probabilities && r.probabilities.length > 0);
  return (
    <div>
      <ErrorText error={page.error} />
      <div class="scroll">
        <table data-testid="holdout-predictions">
          <thead>
            <tr>
              <th scope="col">#</th><th scope="col">Row</th><th scope="col">Actual</th><th scope="col">Predicted</th>
              {withProbabilities && <th scope="col">Probabilities{classes.length ? ` (${classes.join(', ')})` : ''}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.index} class={cell(r.actual) === cell(r.predicted) ? '' : 'miss'}>
                <td>{r.index}</td><td>{r.row}</td><td>{cell(r.actual)}</td><td>{cell(r.predicted)}</td>
                {withProbabilities && <td>{(r.probabilities ?? []).map((p) => fmt(p, 3)).join(' · ')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <span class="small muted">page {cursors.length}</span>
        <button type="button" disabled={rows.length < PAGE || !last} onClick={() => last && setCursors([...cursors, last.index])}>
          Next
        </button>
      </div>
    </div>
  );
}
