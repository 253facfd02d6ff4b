// Envelop plugin: a graphql-ws runEvents subscription joins its run's broadcast group (broadcast-group.ts,
// broadcast-member.ts) instead of iterating its own source: the field's subscribe still runs as usual
// (arguments, access check, the per-socket and per-user caps), then the registered source is taken over
// and its events are written to the socket by the group. Anything else (HTTP/SSE, other fields, a
// subscription the resolver refused) keeps the shared-results path.
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RunEventSource } from '../jobs/events/index.js';
import { onlyRootFields, sharedResultStream } from '../plugins/shared-subscription-results.js';
import type { BroadcastHub } from './broadcast-group.js';
import { BroadcastMember } from './broadcast-member.js';
import { deliveryTargetOf } from './broadcast-target.js';
import { takeOver } from './live-subscriptions.js';

const BROADCAST_FIELDS: ReadonlySet<string> = new Set(['runEvents']);

export function useBroadcastRunEvents(hub: BroadcastHub): Plugin {
  return {
    onSubscribe({ args, setSubscribeFn }) {
      const a = args as ExecutionArgs;
      if (!deliveryTargetOf(a.contextValue) || !onlyRootFields(a, BROADCAST_FIELDS)) return;
      setSubscribeFn((async (sa: ExecutionArgs) => {
        const source = await createSourceEventStream(sa);
        if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
        const iterable = source as AsyncIterableIterator<unknown>;
        const target = deliveryTargetOf(sa.contextValue);
        const handover = target ? takeOver(iterable, (s) => s instanceof RunEventSource) : undefined;
        if (!target || !handover) return sharedResultStream(sa, iterable);
        const run = handover.source as RunEventSource;
        return new BroadcastMember(hub.group(run.runId, sa), run, handover, sa, target);
      }) as never);
    },
  };
}
