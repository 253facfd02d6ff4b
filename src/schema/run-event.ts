import { listRunEvents, subscribeRunEvents } from '../resolvers/run-events.js';
import type { StoredEvent } from '../jobs/index.js';
import { resolveLive } from '../subscriptions/live-subscriptions.js';
import { builder } from './builder.js';

export const RunEventRef = builder.objectRef<StoredEvent>('RunEvent').implement({
  description:
    'One engine or lifecycle event. seq is 1, 2, 3, ... per run, assigned when the event is stored, with no gaps and no repeats.',
  fields: (t) => ({
    id: t.exposeID('id'),
    runId: t.exposeID('runId'),
    seq: t.exposeInt('seq'),
    kind: t.exposeString('kind'),
    message: t.exposeString('message', { nullable: true }),
    payload: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.payload }),
    durationMs: t.exposeFloat('durationMs', { nullable: true }),
    emittedAt: t.expose('emittedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  runEvents: t.field({
    type: [RunEventRef],
    description: 'Stored events with seq > after, ascending (limit at most 5000).',
    args: { runId: t.arg.id({ required: true }), after: t.arg.int(), limit: t.arg.int({ defaultValue: 100 }) },
    resolve: (_r, args, ctx) => listRunEvents(ctx, { runId: String(args.runId), after: args.after, limit: args.limit }),
  }),
}));

builder.subscriptionType({});
builder.subscriptionFields((t) => ({
  runEvents: t.field({
    type: RunEventRef,
    description:
      'Replays stored events with seq > after (all when after is null), then streams live ones, each exactly once, in seq order. ' +
      'The last event has kind "run.closed"; then the stream completes.',
    args: { runId: t.arg.id({ required: true }), after: t.arg.int() },
    subscribe: (_r, args, ctx) => subscribeRunEvents(ctx, { runId: String(args.runId), after: args.after }),
    resolve: (event) => resolveLive(event),
  }),
}));
