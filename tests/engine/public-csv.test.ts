// Issue 10's bar on real public CSVs (tests/fixtures/public, see make-public-references.py there): a date
// column, a categorical and missing values, including missing targets, go through setup as a PyCaret user
// would leave it (types inferred, dropMissingTarget), and the best model's CV score is at least
// scikit-learn's with the same preprocessing (date -> year/month/day/weekday, mean/mode imputation, one-hot).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, runPlan } from '../../src/engine/index.js';
import type { EngineEvent, TaskType } from '../../src/engine/types.js';

interface PublicReference {
  target: string;
  task: TaskType;
  rowsAfterDrop: number;
  metric: 'Accuracy' | 'R2';
  ignoreFeatures: string[];
  scores: Record<string, number>;
  best: string;
  bestScore: number;
}

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/public/${name}`, import.meta.url), 'utf8');
const references = JSON.parse(fixture('public-references.json')) as Record<string, PublicReference>;

describe.each(Object.keys(references))('public CSV %s', (name) => {
  const ref = references[name]!;
  it(`best ${ref.metric} at least scikit-learn's best (${ref.best} ${ref.bestScore}) with the same preprocessing`, async () => {
    const frame = parseCsv(fixture(`${name}.csv`));
    const events: EngineEvent[] = [];
    const result = await runPlan(
      frame,
      {
        task: ref.task,
        target: ref.target,
        plan: 'compare',
        params: { include: Object.keys(ref.scores) },
        setup: { sessionId: 123, dropMissingTarget: true, ignoreFeatures: ref.ignoreFeatures },
      },
      { emit: (e) => events.push(e) },
    );
    const rows = result.leaderboard?.rows ?? [];
    const ours = Object.fromEntries(rows.map((r) => [r.modelId, r.scores.find((s) => s.metric === ref.metric)?.mean ?? NaN]));
    console.log(`${name}: ours ${JSON.stringify(ours)} | scikit-learn ${JSON.stringify(ref.scores)}`);
    const split = events.find((e) => e.kind === 'data.split');
    expect(Number(split?.payload?.['trainRows']) + Number(split?.payload?.['testRows'])).toBe(ref.rowsAfterDrop);
    const best = Math.max(...Object.values(ours));
    expect(best).toBeGreaterThanOrEqual(ref.bestScore - 1e-9);
    // The date became calendar features, not one level per row.
    const fitted = events.find((e) => e.kind === 'preprocessor.fitted');
    expect(JSON.stringify(fitted?.payload)).toMatch(/_month/);
  });
});
