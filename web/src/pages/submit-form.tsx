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
  { plan: 'TUNE', help: 'random search over one model' },
  { plan: 'SETUP', help: 'split and preprocess only' },
];
const CLASSIFICATION_METRICS = ['Accuracy', 'AUC', 'Recall', 'Precision', 'F1', 'Kappa', 'MCC'];
const REGRESSION_METRICS = ['R2', 'MAE', 'MSE', 'RMSE', 'RMSLE', 'MAPE'];

export function SubmitForm({ experimentId, workspaceId, task, onSubmitted }: { experimentId: string; workspaceId: string; task: TaskType; onSubmitted: () => void }) {
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
        if (sort) params.optimize = sort;
      }
      if (plan === 'CREATE' && modelParams.trim()) {
        try {
          params.modelParams = JSON.parse(modelParams) as unknown;
        } catch {
          throw new Error('Model parameters must be a JSON object, e.g. {"C": 0.5}');
        }
      }
      const [kind, value = ''] = chosen.split(':');
      const data = kind === 'dataset' ? { datasetId: value } : { builtin: value as BuiltinDataset };
      const r = await mutate(SubmitRunDoc, {
        input: { experimentId, plan, data, params, ...(plan === 'CREATE' || plan === 'TUNE' ? { modelId } : {}) },
      });
      onSubmitted();
      go(`#/r/${r.submitRun.id}`);
    });
  };

  return (
    <form class="grid-form" onSubmit={submit} aria-label="Submit a run">
      <fieldset class="plans">
        <legend>Plan</legend>
        {PLANS.map((p) => (
          <label key={p.plan} class="radio">
            <input type="radio" name="plan" value={p.plan} checked={plan === p.plan} onChange={() => setPlan(p.plan)} />
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
      {(plan === 'CREATE' || plan === 'TUNE') && (
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
      {plan !== 'SETUP' && plan !== 'CREATE' && (
        <label>
          {plan === 'TUNE' ? 'Optimize' : 'Sort by'}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
            <option value="">default</option>
            {metrics.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
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
          <fieldset class="models">
            <legend>Models (none ticked = the default turbo set)</legend>
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
        </>
      )}
      {plan === 'TUNE' && (
        <label>
          Iterations
          <input type="number" min={1} value={nIter} onInput={(e) => setNIter(e.currentTarget.value)} />
        </label>
      )}
      {plan === 'CREATE' && (
        <label>
          Model parameters (JSON)
          <input placeholder='{"C": 0.5}' value={modelParams} onInput={(e) => setModelParams(e.currentTarget.value)} />
        </label>
      )}
      <button class="primary" disabled={busy}>
        Submit {plan.toLowerCase()}
      </button>
      <ErrorText error={error ?? models.error ?? datasets.error} />
    </form>
  );
}
