// The contract's live fields that schema.graphql does not have yet (Run.analysis, Run.progress, experimentRuns;
// see documents-live.graphql). The app asks the server once which Run fields exist, so the analysis charts
// appear by themselves when the server gains Run.analysis; until then progress and the live leaderboard come
// from runEvents (live.ts). (Move the documents into documents.ts for typed ones once the schema has them.)
import documentsLive from './documents-live.graphql?raw';
import { client, toApiError } from './api.js';
import type { ModelAnalysis } from './charts/analysis.js';

let runFields: Promise<Set<string>> | null = null;

/** Field names of the schema's Run type (empty when introspection is refused). */
export function schemaRunFields(): Promise<Set<string>> {
  runFields ??= client
    .query<{ __type: { fields: { name: string }[] | null } | null }>('query RunFields { __type(name: "Run") { fields { name } } }', {})
    .toPromise()
    .then((r) => new Set((r.data?.__type?.fields ?? []).map((f) => f.name)));
  return runFields;
}

export async function loadAnalysis(runId: string): Promise<ModelAnalysis | null> {
  if (!(await schemaRunFields()).has('analysis')) return null;
  const runAnalysis = documentsLive.slice(documentsLive.indexOf('query RunAnalysis'));
  const result = await client.query<{ run: { analysis: ModelAnalysis | null } | null }>(runAnalysis, { id: runId }).toPromise();
  if (result.error) throw toApiError(result.error);
  return result.data?.run?.analysis ?? null;
}
