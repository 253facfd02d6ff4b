// The switch for the contract's live fields that schema.graphql does not have yet (Run.analysis,
// Run.progress, experimentRuns; see documents-live.graphql). While off, the analysis charts stay hidden and
// progress and the live leaderboard come from runEvents (live.ts). Turn on once the server has the fields.
import documentsLive from './documents-live.graphql?raw';
import { client, toApiError } from './api.js';
import type { ModelAnalysis } from './charts/analysis.js';

export const LIVE_FIELDS_IN_SCHEMA = false;

export async function loadAnalysis(runId: string): Promise<ModelAnalysis | null> {
  if (!LIVE_FIELDS_IN_SCHEMA) return null;
  const runAnalysis = documentsLive.slice(documentsLive.indexOf('query RunAnalysis'));
  const result = await client.query<{ run: { analysis: ModelAnalysis | null } | null }>(runAnalysis, { id: runId }).toPromise();
  if (result.error) throw toApiError(result.error);
  return result.data?.run?.analysis ?? null;
}
