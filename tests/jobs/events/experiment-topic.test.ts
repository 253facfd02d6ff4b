// The event sink as the single writer of the live columns, and the experiment topic it publishes on after
// commit: the fold batch's transaction carries the run's progress and provisional leaderboard; creation and
// status changes are announced at once; live changes are coalesced (the interval is set very long here, so
// the outcome does not depend on timing); a terminal change drops the pending live message.
import { PubSub } from 'graphql-subscriptions';
import { describe, expect, it } from 'vitest';
import { EventSink } from '../../../src/jobs/events/event-sink.js';
import { experimentTopic, type ExperimentTopicMessage } from '../../../src/jobs/events/experiment-topic.js';
import type { NewRun } from '../../../src/jobs/types.js';
import { MemoryJobStore, TEST_SNAPSHOT } from '../../helpers/memory-store.js';

const metrics = (a: number): Record<string, number> => ({ Accuracy: a, AUC: a, Recall: a, Precision: a, F1: a, Kappa: a, MCC: a });

async function listen(pubsub: PubSub, experimentId: string): Promise<ExperimentTopicMessage[]> {
  const messages: ExperimentTopicMessage[] = [];
  await pubsub.subscribe(experimentTopic(experimentId), (m: ExperimentTopicMessage) => messages.push(m));
  return messages;
}

describe('EventSink live columns and experiment topic', () => {
  it('stores progress and leaderboard with the fold batch, coalesces live messages, never drops the terminal one', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const messages = await listen(pubsub, 'exp');
    const sink = new EventSink(store, pubsub, { liveChangeIntervalMs: 3_600_000 });

    sink.emit('r', { kind: 'experiment.started', payload: { task: 'classification' } });
    sink.emit('r', { kind: 'model.compare.started', payload: { models: [{ modelId: 'lr' }, { modelId: 'dt' }], k: 2, sort: 'Accuracy' } });
    await sink.flush('r');
    expect(store.runs.get('r')!.progress).toEqual({ modelsDone: 0, modelsTotal: 2, foldsDone: 0, foldsTotal: 4, currentModelId: null });
    expect(store.runs.get('r')!.leaderboard).toBeNull(); // no fold yet
    expect(messages).toEqual([{ experimentId: 'exp', runId: 'r', status: null }]); // the first live change goes at once

    sink.emit('r', { kind: 'model.fold.scored', payload: { modelId: 'lr', k: 2, metrics: metrics(0.5), fitSeconds: 1 } });
    await sink.flush('r');
    sink.emit('r', { kind: 'warning', payload: {} }); // changes nothing: no live columns, no message
    await sink.flush('r');
    const run = store.runs.get('r')!;
    expect(run.progress).toEqual({ modelsDone: 0, modelsTotal: 2, foldsDone: 1, foldsTotal: 4, currentModelId: 'lr' });
    expect(run.leaderboard).toMatchObject({ sortMetric: 'Accuracy', provisional: true, rows: [{ rank: 1, modelId: 'lr', foldsDone: 1, provisional: true, fitSeconds: 1 }] });
    expect(messages).toHaveLength(1); // the second live change waits for the interval

    const final = { sortMetric: 'Accuracy', rows: [] };
    await sink.commit('r', [{ kind: 'run.succeeded' }], { from: ['running'], patch: { status: 'succeeded', leaderboard: final as never } });
    await sink.flush();
    expect(messages).toEqual([
      { experimentId: 'exp', runId: 'r', status: null },
      { experimentId: 'exp', runId: 'r', status: 'succeeded' },
    ]);
    expect(store.runs.get('r')!.leaderboard).toEqual(final); // the final leaderboard replaced the live one
  });

  it('announces a created run and a status change at once, and nothing for a transition whose condition failed', async () => {
    const store = new MemoryJobStore();
    const pubsub = new PubSub();
    const messages = await listen(pubsub, 'exp2');
    const sink = new EventSink(store, pubsub, { liveChangeIntervalMs: 3_600_000 });
    const run: NewRun = {
      id: 'n', experimentId: 'exp2', plan: 'compare', modelId: null, snapshot: { ...TEST_SNAPSHOT, experiment: { ...TEST_SNAPSHOT.experiment, id: 'exp2' } },
      params: {}, idempotencyKey: null, createdBy: null, createdAt: new Date(0),
    };
    await sink.create(run, { kind: 'run.queued' });
    expect(await sink.commit('n', [{ kind: 'run.started' }], { from: ['running'], patch: { status: 'succeeded' } })).toBeNull();
    await sink.commit('n', [{ kind: 'run.started' }], { from: ['queued'], patch: { status: 'running' } });
    await sink.flush();
    expect(messages).toEqual([
      { experimentId: 'exp2', runId: 'n', status: 'queued' },
      { experimentId: 'exp2', runId: 'n', status: 'running' },
    ]);
  });
});
