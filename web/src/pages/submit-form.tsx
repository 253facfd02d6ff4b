import { useState } from 'preact/hooks';
import { mutate, query } from '../api.js';
import { ErrorText, useAction, useLoad } from '../components/ui.js';
import { DatasetsDoc, ModelsDoc, SubmitRunDoc } from '../documents.js';
import type { BuiltinDataset, RunPlan, TaskType } from '../gql/graphql.js';
import { go } from '../router.js';

const BUILTINS: BuiltinDataset[] = ['IRIS', 'WINE', 'BREAST_CANCER', 'DIABETES', 'DIGITS'];
const PLANS: { plan: RunPlan; help: string }[] = [
  { plan: 'COMPARE', help: 'cross-validate many models, rank them' },
  { plan: 'CREATE', help: 'cross-validate one model' },
  { plan: 'TUNE', help: 'search one model\'s hyper-parameters' },
  { plan: 'SETUP', help: 'split and preprocess only' },
  { plan: 'BLEND', help: 'vote or average several models' },
  { plan: 'STACK', help: 'a meta model over several models' },
  { plan: 'ENSEMBLE', help: 'bag or boost one model' },
  { plan: 'CALIBRATE', help: 'calibrate one classifier\'s probabilities' },
];
/** Plans that take one model id. */
const MODEL_PLANS: readonly RunPlan[] = ['CREATE', 'TUNE', 'ENSEMBLE', 'CALIBRATE'];
/** Plans whose members are the ticked models, or the top n of an earlier run. */
const MEMBER_PLANS: readonly RunPlan[] = ['BLEND', 'STACK'];
const METHODS: Partial<Record<RunPlan, string[]>> = {
  BLEND: ['auto', 'soft', 'hard'],
  STACK: ['auto', 'predict_proba', 'decision_function', 'predict'],
  ENSEMBLE: ['BAGGING', 'BOOSTING'],
  CALIBRATE: ['sigmoid', 'isotonic'],
};
const CLASSIFICATION_METRICS = ['Accuracy', 'AUC', 'Recall', 'Precision', 'F1', 'Kappa', 'MCC'];
const REGRESSION_METRICS = ['R2', 'MAE', 'MSE', 'RMSE', 'RMSLE', 'MAPE'];

/** An earlier run of the experiment, offered as the source of a BLEND's or STACK's top n. */
export interface SourceRun {
  id: string;
  plan: RunPlan;
  modelId?: string | null;
  status: string;
  createdAt: string;
  leaderboard?: { rows: { modelId: string }[] } | null;
}

/** Runs whose leaderboard a BLEND or STACK can take its top n from: SUCCEEDED COMPARE and TUNE runs, newest first. */
function sourceRuns(runs: readonly SourceRun[]): SourceRun[] {
  return runs.filter((r) => r.status === 'SUCCEEDED' && (r.plan === 'COMPARE' || r.plan === 'TUNE')).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function SubmitForm({
  experimentId,
  workspaceId,
  task,
  runs = [],
  onSubmitted,
}: {
  experimentId: string;
  workspaceId: string;
  task: TaskType;
  runs?: readonly SourceRun[];
  onSubmitted: () => void;
}) {
  const models = useLoad(() => query(ModelsDoc, { task }), [task]);
  const datasets = useLoad(() => query(DatasetsDoc, { workspaceId }), [workspaceId]);
  const [plan, setPlan] = useState<RunPlan>('COMPARE');
  const [source, setSource] = useState('');
  const [modelId, setModelId] = useState('lr');
  const [include, setInclude] = useState<string[]>([]);
  const [fold, setFold] = useState('');
  const [budget, setBudget] = useState('');
  const [sort, setSort] = useState('');
  const [nSelect, setNSelect] = useState('');
  const [nIter, setNIter] = useState('10');
  const [modelParams, setModelParams] = useState('');
  const [method, setMethod] = useState('');
  const [library, setLibrary] = useState('random');
  const [fromRun, setFromRun] = useState('');
  const [top, setTop] = useState('3');
  const [nEstimators, setNEstimators] = useState('');
  const [extra, setExtra] = useState('');
  const [run, busy, error] = useAction();
  const metrics = task === 'CLASSIFICATION' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
  const firstDataset = datasets.data?.datasets[0]?.id;
  const chosen = source || (firstDataset ? `dataset:${firstDataset}` : task === 'CLASSIFICATION' ? 'builtin:IRIS' : 'builtin:DIABETES');

  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const params: Record<string, unknown> = {};
      if (fold) params.fold = Number(fold);
      if (plan === 'COMPARE') {
        if (include.length) params.include = include;
        if (budget) params.budgetSeconds = Number(budget);
        if (sort) params.sort = sort;
        if (nSelect) params.nSelect = Number(nSelect);
      }
      if (plan === 'TUNE') {
        params.nIter = Number(nIter);
        params.library = library;
        if (sort) params.optimize = sort;
      }
      if (MEMBER_PLANS.includes(plan)) {
        if (fromRun && !(Number.isInteger(Number(top)) && Number(top) >= 2)) throw new Error('How many: a whole number of at least 2');
        if (!fromRun && include.length < 2) throw new Error('Members: tick at least two models, or take the top models of an earlier run');
        params.estimators = fromRun ? { fromRun, top: Number(top) } : include;
      }
      // the method picked for another plan (e.g. BLEND's "hard") is not sent to this one
      if (method && METHODS[plan]?.includes(method)) params.method = method;
      if (plan === 'ENSEMBLE' && nEstimators) params.nEstimators = Number(nEstimators);
      if (MODEL_PLANS.includes(plan) && modelParams.trim()) {
        try {
          params.modelParams = JSON.parse(modelParams) as unknown;
        } catch {
          throw new Error('Model parameters must be a JSON object, e.g. {"C": 0.5}');
        }
      }
      if (extra.trim()) {
        let more: unknown;
        try {
          more = JSON.parse(extra) as unknown;
        } catch {
          throw new Error('More parameters must be a JSON object, e.g. {"weights": [2, 1]}');
        }
        if (typeof more !== 'object' || more === null || Array.isArray(more)) throw new Error('More parameters must be a JSON object');
        Object.assign(params, more);
      }
      const [kind, value = ''] = chosen.split(':');
      const data = kind === 'dataset' ? { datasetId: value } : { builtin: value as BuiltinDataset };
      const r = await mutate(SubmitRunDoc, {
        input: { experimentId, plan, data, params, ...(MODEL_PLANS.includes(plan) ? { modelId } : {}) },
      });
      onSubmitted();
      go(`#/r/${r.submitRun.id}`);
    });
  };

  return (
    <form class="grid-form" onSubmit={submit} aria-label="Submit a run">
      <fieldset class="plans">
        <legend>Plan</legend>
        {PLANS.filter((p) => p.plan !== 'CALIBRATE' || task === 'CLASSIFICATION').map((p) => (
          <label key={p.plan} class="radio">
            <input type="radio" name="plan" value={p.plan} checked={plan === p.plan} onChange={() => (setPlan(p.plan), setMethod(''))} />
            {p.plan.toLowerCase()} <span class="muted small">{p.help}</span>
          </label>
        ))}
      </fieldset>
      <label>
        Data
        <select name="data" value={chosen} onChange={(e) => setSource(e.currentTarget.value)}>
          {datasets.data?.datasets.map((d) => (
            <option key={d.id} value={`dataset:${d.id}`}>
              {d.name} ({d.rowCount} rows)
            </option>
          ))}
          {BUILTINS.map((b) => (
            <option key={b} value={`builtin:${b}`}>
              built-in: {b.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {MODEL_PLANS.includes(plan) && (
        <label>
          Model
          <select name="model" value={modelId} onChange={(e) => setModelId(e.currentTarget.value)}>
            {models.data?.models.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.id})</option>)}
          </select>
        </label>
      )}
      <label>
        CV folds
        <input type="number" min={2} max={20} placeholder="experiment default" value={fold} onInput={(e) => setFold(e.currentTarget.value)} />
      </label>
      {(plan === 'COMPARE' || plan === 'TUNE') && (
        <label>
          {plan === 'TUNE' ? 'Optimize' : 'Sort by'}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
            <option value="">default</option>
            {metrics.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
      )}
      {METHODS[plan] && (
        <label>
          Method
          <select value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
            <option value="">default</option>
            {METHODS[plan]?.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
      )}
      {plan === 'ENSEMBLE' && (
        <label>
          Estimators
          <input type="number" min={1} placeholder="10" value={nEstimators} onInput={(e) => setNEstimators(e.currentTarget.value)} />
        </label>
      )}
      {MEMBER_PLANS.includes(plan) && (
        <>
          <label>
            Top models of run
            <select name="fromRun" value={fromRun} onChange={(e) => setFromRun(e.currentTarget.value)}>
              <option value="">none: the ticked members below</option>
              {sourceRuns(runs).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.plan.toLowerCase()}
                  {r.modelId ? ` ${r.modelId}` : ''}: {r.leaderboard?.rows.slice(0, 3).map((x) => x.modelId).join(', ') ?? ''} · {new Date(r.createdAt).toLocaleTimeString()} ({r.id.slice(0, 8)})
                </option>
              ))}
            </select>
          </label>
          {fromRun && (
            <label>
              How many
              <input type="number" min={2} value={top} onInput={(e) => setTop(e.currentTarget.value)} />
            </label>
          )}
        </>
      )}
      {(plan === 'COMPARE' || (MEMBER_PLANS.includes(plan) && !fromRun)) && (
        <fieldset class="models">
          <legend>{plan === 'COMPARE' ? 'Models (none ticked = the default turbo set)' : 'Members (at least two)'}</legend>
          {models.data?.models.map((m) => (
            <label key={m.id} class="check">
              <input
                type="checkbox"
                checked={include.includes(m.id)}
                onChange={(e) => setInclude(e.currentTarget.checked ? [...include, m.id] : include.filter((x) => x !== m.id))}
              />
              {m.id}
            </label>
          ))}
        </fieldset>
      )}
      {plan === 'COMPARE' && (
        <>
          <label>
            Budget (seconds)
            <input type="number" min={1} placeholder="none" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} />
          </label>
          <label>
            Keep best n
            <input type="number" min={1} placeholder="1" value={nSelect} onInput={(e) => setNSelect(e.currentTarget.value)} />
          </label>
        </>
      )}
      {plan === 'TUNE' && (
        <>
          <label>
            Iterations
            <input type="number" min={1} value={nIter} onInput={(e) => setNIter(e.currentTarget.value)} />
          </label>
          <label>
            Search
            <select value={library} onChange={(e) => setLibrary(e.currentTarget.value)}>
              <option value="random">random</option>
              <option value="tpe">tpe</option>
              <option value="halving">halving</option>
            </select>
          </label>
        </>
      )}
      {MODEL_PLANS.includes(plan) && (
        <label>
          Model parameters (JSON)
          <input placeholder='{"C": 0.5}' value={modelParams} onInput={(e) => setModelParams(e.currentTarget.value)} />
        </label>
      )}
      {plan !== 'SETUP' && (
        <label>
          More parameters (JSON, any the plan takes)
          <input placeholder='{"probabilityThreshold": 0.4}' value={extra} onInput={(e) => setExtra(e.currentTarget.value)} />
        </label>
      )}
      <button class="primary" disabled={busy}>
        Submit {plan.toLowerCase()}
      </button>
      <ErrorText error={error ?? models.error ?? datasets.error} />
    </form>
  );
}
