// What a finished run chose, from Run.summary: a BLEND's or STACK's members, the base model of a CALIBRATE or
// ENSEMBLE, TUNE's best params. The leaderboard alone shows "Voting Classifier" and not what it votes over.
import { fmt } from './ui.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

function facts(summary: Record<string, unknown>, params: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  // a STACK's summary has no method: the one asked for (default auto) is in the run's params
  if (summary.method === undefined && summary.members !== undefined) summary = { ...summary, method: params.method ?? 'auto' };
  const members = summary.members;
  if (Array.isArray(members) && members.length) out.push(['members', members.map(String).join(', ')]);
  for (const [key, label] of [['baseModel', 'base model'], ['metaModel', 'meta model'], ['method', 'method'], ['nEstimators', 'estimators'], ['calibrateFold', 'calibration folds'], ['library', 'search']] as const) {
    const v = str(summary[key]);
    if (v !== null) out.push([label, v]);
  }
  if (typeof summary.baselineScore === 'number' && typeof summary.score === 'number') out.push([`${str(summary.optimize) ?? 'score'}`, `${fmt(summary.baselineScore)} → ${fmt(summary.score)}${summary.improved === false ? ' (original kept)' : ''}`]);
  if (isObject(summary.bestParams)) out.push(['best params', JSON.stringify(summary.bestParams)]);
  return out;
}

/** summary: Run.summary; params: the params of the run's snapshot. */
export function RunSummary({ summary, params }: { summary: unknown; params: unknown }) {
  const items = isObject(summary) ? facts(summary, isObject(params) ? params : {}) : [];
  if (items.length === 0) return null;
  return (
    <dl class="run-summary" data-testid="run-summary">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{k === 'best params' ? <code>{v}</code> : v}</dd>
        </div>
      ))}
    </dl>
  );
}
