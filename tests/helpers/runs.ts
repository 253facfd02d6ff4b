// Shared steps of the runs tests (tests/api, tests/jobs): a user with a workspace/project/experiment, submit + wait, subscriptions.
import type { ExecutionResult } from 'graphql';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import {
  CreateExperimentDocument,
  CreateProjectDocument,
  CreateWorkspaceDocument,
  RunEventsSeqDocument,
  SubmitRunDocument,
  WaitForRunDocument,
  type RunFieldsFragment,
  type SubmitRunInput,
  type TaskType,
} from '../gql/generated/graphql.js';
import type { TestApp, TestUser } from './app.js';

export interface Owner {
  user: TestUser;
  workspaceId: string;
  projectId: string;
}

export async function newOwner(t: TestApp): Promise<Owner> {
  const user = await t.signUpUser();
  const ws = await t.gql(CreateWorkspaceDocument, { name: 'runs' }, user.token);
  const workspaceId = ws.data!.createWorkspace.id;
  const p = await t.gql(CreateProjectDocument, { input: { workspaceId, name: 'p' } }, user.token);
  return { user, workspaceId, projectId: p.data!.createProject.id };
}

export async function newExperiment(
  t: TestApp,
  owner: Owner,
  opts: { task?: TaskType; target?: string; setupParams?: Record<string, unknown> } = {},
): Promise<string> {
  const r = await t.gql(
    CreateExperimentDocument,
    {
      input: {
        projectId: owner.projectId,
        name: 'e',
        task: opts.task ?? 'CLASSIFICATION',
        target: opts.target ?? 'target',
        setupParams: opts.setupParams ?? { fold: 3 },
      },
    },
    owner.user.token,
  );
  if (!r.data) throw new Error(`createExperiment failed: ${JSON.stringify(r.errors)}`);
  return r.data.createExperiment.id;
}

export async function submit(t: TestApp, token: string, input: SubmitRunInput): Promise<RunFieldsFragment> {
  const r = await t.gql(SubmitRunDocument, { input }, token);
  if (!r.data) throw new Error(`submitRun failed: ${JSON.stringify(r.errors)}`);
  return r.data.submitRun;
}

export async function waitFor(t: TestApp, token: string, id: string, timeoutSeconds = 120): Promise<RunFieldsFragment> {
  const r = await t.gql(WaitForRunDocument, { id, timeoutSeconds }, token);
  if (!r.data) throw new Error(`waitForRun failed: ${JSON.stringify(r.errors)}`);
  return r.data.waitForRun;
}

export interface SeqEvent {
  seq: number;
  kind: string;
}

/** Subscribes to runEvents and resolves with every event until completion; rejects with the GraphQL errors. */
export function subscribeSeq(
  client: Client,
  runId: string,
  after?: number,
  onEvent?: (e: SeqEvent) => void,
): Promise<SeqEvent[]> {
  const events: SeqEvent[] = [];
  return new Promise((resolve, reject) => {
    client.subscribe<{ runEvents: SeqEvent }>(
      { query: print(RunEventsSeqDocument), variables: { runId, ...(after !== undefined ? { after } : {}) } },
      {
        next: (r: ExecutionResult<{ runEvents: SeqEvent }>) => {
          if (r.errors?.length) return reject(Object.assign(new Error(r.errors[0]!.message), { errors: r.errors }));
          events.push(r.data!.runEvents);
          onEvent?.(r.data!.runEvents);
        },
        error: (err: unknown) =>
          reject(Array.isArray(err) ? Object.assign(new Error(String(err[0]?.message)), { errors: err }) : err),
        complete: () => resolve(events),
      },
    );
  });
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
