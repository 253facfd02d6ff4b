// BLEND / STACK `params.estimators: {fromRun, top}` is resolved at submit: the earlier run must belong to the
// same experiment, have SUCCEEDED and be a COMPARE or TUNE; the top n rows of its leaderboard (ids, and for a
// TUNE the tuned params of its summary) are frozen into the new run's params, so the snapshot alone says what
// was blended.
import type { MemberParam } from '../../engine/index.js';
import { RunInputError } from '../errors.js';
import type { OrmJobStore } from '../storage/orm-store.js';

const FIELD = 'params.estimators';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** params with `estimators: {fromRun, top}` replaced by the earlier run's top members; other params as given. */
export async function resolveFromRun(store: OrmJobStore, experimentId: string, params: Record<string, unknown> | null | undefined): Promise<Record<string, unknown> | null | undefined> {
  const ref = params?.estimators;
  if (!params || !isObject(ref) || !('fromRun' in ref)) return params;
  for (const k of Object.keys(ref)) if (k !== 'fromRun' && k !== 'top') throw new RunInputError(`unknown field "${k}" (estimators takes {fromRun, top})`, `${FIELD}.${k}`);
  const { fromRun, top } = ref;
  if (typeof fromRun !== 'string' || !UUID.test(fromRun)) throw new RunInputError('fromRun must be the id of an earlier run', `${FIELD}.fromRun`);
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 2 || top > 50) throw new RunInputError('top must be an integer in [2, 50]', `${FIELD}.top`);
  const run = await store.runOutcome(fromRun);
  if (!run || run.experimentId !== experimentId) throw new RunInputError('fromRun must name a run of the same experiment', `${FIELD}.fromRun`);
  if (run.status !== 'succeeded') throw new RunInputError(`fromRun names a ${run.status.toUpperCase()} run; it must have SUCCEEDED`, `${FIELD}.fromRun`);
  if (run.plan !== 'compare' && run.plan !== 'tune') throw new RunInputError(`fromRun names a ${run.plan.toUpperCase()} run; it must be a COMPARE or TUNE`, `${FIELD}.fromRun`);
  const rows = Array.isArray(run.leaderboard?.rows) ? (run.leaderboard.rows as unknown[]) : [];
  const ids = rows.map((r) => (isObject(r) && typeof r.modelId === 'string' ? r.modelId : null)).filter((id): id is string => id !== null);
  const tunedParams = run.plan === 'tune' && isObject(run.summary?.bestParams) ? (run.summary.bestParams as Record<string, unknown>) : null;
  const members: MemberParam[] = ids.slice(0, top).map((modelId) => (tunedParams ? { modelId, modelParams: tunedParams } : { modelId }));
  if (members.length < 2) throw new RunInputError(`the earlier run's leaderboard has ${members.length} model(s); a blend or stack needs at least 2`, `${FIELD}.top`);
  return { ...params, estimators: members };
}
