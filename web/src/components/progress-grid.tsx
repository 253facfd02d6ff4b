// The model × fold grid of a run: one row per model, one cell per fold, filled as folds are scored.
import type { GridRow, RunProgress } from '../live.js';

export function ProgressGrid({ rows, progress }: { rows: GridRow[]; progress: RunProgress }) {
  if (rows.length === 0) return null;
  return (
    <div>
      <p class="small">
        {progress.modelsDone}/{progress.modelsTotal} models · {progress.foldsDone}/{progress.foldsTotal} folds
        {progress.currentModelId ? ` · now ${progress.currentModelId}` : ''}
      </p>
      <progress max={Math.max(1, progress.foldsTotal)} value={progress.foldsDone} aria-label="Folds scored" class="wide" />
      <div class="grid" role="table" aria-label="Model by fold progress">
        {rows.map((r) => (
          <div class="grid-row" role="row" key={r.modelId}>
            <span class={`grid-name state-${r.state}`} role="rowheader">{r.modelId}</span>
            {r.folds.map((f, i) => (
              <span key={i} role="cell" class={`cell ${f}`} title={`${r.modelName} fold ${i + 1}: ${f}`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
