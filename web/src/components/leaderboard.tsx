// A leaderboard table sortable by any metric or fit seconds (click or Enter on a column header).
import { useState } from 'preact/hooks';
import { LOWER_IS_BETTER, metricKey, metricLabel, scoreOf, type Score } from '../live.js';
import { fmt } from './ui.js';

export interface BoardRow {
  rank: number;
  modelId: string;
  modelName: string;
  scores: Score[];
  fitSeconds: number;
  foldsDone?: number;
  provisional?: boolean;
}

export function Leaderboard({ rows, k, live }: { rows: BoardRow[]; k?: number; live?: boolean }) {
  const [sort, setSort] = useState<string | null>(null);
  const [desc, setDesc] = useState(true);
  const metrics = rows[0]?.scores.map((s) => s.metric) ?? [];
  const sorted = sort
    ? [...rows].sort((a, b) => {
        const x = sort === 'fit' ? a.fitSeconds : (scoreOf(a, sort) ?? Number.NaN);
        const y = sort === 'fit' ? b.fitSeconds : (scoreOf(b, sort) ?? Number.NaN);
        return desc ? y - x : x - y;
      })
    : rows;
  const header = (key: string, label: string) => (
    <th
      scope="col"
      tabIndex={0}
      aria-sort={sort === key ? (desc ? 'descending' : 'ascending') : 'none'}
      onClick={() => (sort === key ? setDesc(!desc) : (setSort(key), setDesc(!(key === 'fit' || LOWER_IS_BETTER.has(metricKey(key)))))) }
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          (e.currentTarget as HTMLElement).click();
        }
      }}
      class="sortable"
    >
      {label}
      {sort === key ? (desc ? ' ▾' : ' ▴') : ''}
    </th>
  );
  if (rows.length === 0) return <p class="muted">{live ? 'Waiting for the first fold…' : 'No leaderboard.'}</p>;
  return (
    <div class="scroll">
      <table class="leaderboard" data-testid="leaderboard">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Model</th>
            {metrics.map((m) => header(m, metricLabel(m)))}
            {header('fit', 'TT (s)')}
            {k ? <th scope="col">Folds</th> : null}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.modelId} class={r.provisional ? 'provisional' : ''}>
              <td>{r.rank}</td>
              <td>
                <span class="model-name">{r.modelName} </span><span class="muted small">{r.modelId}</span>
                {r.provisional && <span class="badge">provisional</span>}
              </td>
              {metrics.map((m) => {
                const s = r.scores.find((x) => x.metric === m);
                return <td key={m} title={s ? `std ${fmt(s.std)}` : ''}>{fmt(s?.mean)}</td>;
              })}
              <td>{fmt(r.fitSeconds, 3)}</td>
              {k ? <td>{r.foldsDone ?? k}/{k}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
