// The contract's live fields that schema.graphql does not have yet (Run.analysis, Run.progress,
// experimentRuns; see documents-live.graphql). The app asks the server once which fields exist, so the analysis
// charts and the experiment's live run list switch on by themselves when the server gains them; until then
// progress and the live leaderboard come from runEvents (live.ts). (Move the documents into documents.ts for
// typed ones once the schema has them.)
import documentsLive from './documents-live.graphql?raw';
import { client, subscribe, toApiError, type ApiError } from './api.js';
import type { ModelAnalysis } from './charts/analysis.js';
import type { LiveRow, RunProgress } from './live.js';

export interface SchemaFields {
  run: Set<string>;
  subscription: Set<string>;
}

/** A Run as experimentRuns sends it (documents-live.graphql). */
export interface ExperimentRun {
  id: string;
  plan: string;
  modelId: string | null;
  status: string;
  error: string | null;
  createdAt: string;
  progress: RunProgress;
  leaderboard: { sortMetric: string; rows: Omit<LiveRow, 'provisional'>[] } | null;
}

let fields: Promise<SchemaFields> | null = null;

/** Field names of the schema's Run and Subscription types (empty when introspection is refused). */
export function schemaFields(): Promise<SchemaFields> {
  fields ??= client
    .query<{ run: { fields: { name: string }[] | null } | null; subscription: { fields: { name: string }[] | null } | null }>(
      'query SchemaFields { run: __type(name: "Run") { fields { name } } subscription: __type(name: "Subscription") { fields { name } } }',
      {},
    )
    .toPromise()
    .then((r) => ({
      run: new Set((r.data?.run?.fields ?? []).map((f) => f.name)),
      subscription: new Set((r.data?.subscription?.fields ?? []).map((f) => f.name)),
    }));
  return fields;
}

function operation(name: string): string {
  const start = documentsLive.indexOf(name);
  const next = documentsLive.slice(start + name.length).search(/\n(query|subscription|mutation) /);
  return next < 0 ? documentsLive.slice(start) : documentsLive.slice(start, start + name.length + next);
}

export async function loadAnalysis(runId: string): Promise<ModelAnalysis | null> {
  if (!(await schemaFields()).run.has('analysis')) return null;
  const result = await client.query<{ run: { analysis: ModelAnalysis | null } | null }>(operation('query RunAnalysis'), { id: runId }).toPromise();
  if (result.error) throw toApiError(result.error);
  return result.data?.run?.analysis ?? null;
}

/**
 * Follows experimentRuns when the server has it; resolves with the unsubscribe function, or null when the
 * schema lacks the subscription (the caller then follows each active run's runEvents).
 */
export async function followExperimentRuns(experimentId: string, onRun: (run: ExperimentRun) => void, onError: (e: ApiError) => void): Promise<(() => void) | null> {
  if (!(await schemaFields()).subscription.has('experimentRuns')) return null;
  return subscribe<{ experimentRuns: ExperimentRun }, { experimentId: string }>(operation('subscription ExperimentRunsLive'), { experimentId }, (d) => onRun(d.experimentRuns), onError);
}
