// Envelop plugin: executes a live run event ONCE per distinct subscription document instead of once per
// subscriber. The bus hands the same event object to every subscriber of a run (in memory, and after one
// JSON parse per Redis message), and RunEvent's fields depend on nothing but the event, so subscribers
// with the same document and variables can share one ExecutionResult. Fan-out to 1,000 subscribers then
// costs one execution plus 1,000 serialisations and socket writes, not 1,000 executions.
// Applies only to operations whose every root field is listed (here: Subscription.runEvents and
// Subscription.experimentRuns, whose source yields one shared Run per experiment-topic message; its fields
// resolve with the first subscriber's context, which is fine since every subscriber passed the same
// experiment access check when subscribing). runEvents over graphql-ws goes further: the broadcast groups of
// src/subscriptions/broadcast-*.ts take its source over and write to the sockets themselves; this plugin
// serves runEvents over SSE, and experimentRuns.
import {
  createSourceEventStream,
  execute,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { markSharedResult } from './pre-serialised-results.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

const resultsByEvent = new WeakMap<object, Map<string, Result>>();
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 1;

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

function onlyFields(args: ExecutionArgs, fields: ReadonlySet<string>): boolean {
  const op = operationOf(args.document, args.operationName);
  if (!op || op.operation !== 'subscription') return false;
  return op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && fields.has(s.name.value));
}

function shareKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(args.document, id);
  }
  return `${id}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}`;
}

function mapStream(source: AsyncIterable<unknown>, map: (payload: unknown) => Result): AsyncIterableIterator<ExecutionResult> {
  const it = source[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    async next() {
      const r = await it.next();
      return r.done ? { value: undefined, done: true } : { value: await map(r.value), done: false };
    },
    async return() {
      await it.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      if (it.throw) await it.throw(error);
      throw error;
    },
  };
  return mapped;
}

/** The results of a subscription's source events, each executed once per event and distinct document. */
export function sharedResultStream(a: ExecutionArgs, source: AsyncIterable<unknown>): AsyncIterableIterator<ExecutionResult> {
  const key = shareKey(a);
  return mapStream(source, (payload) => {
    if (typeof payload !== 'object' || payload === null) return execute({ ...a, rootValue: payload });
    let byKey = resultsByEvent.get(payload);
    if (!byKey) {
      byKey = new Map();
      resultsByEvent.set(payload, byKey);
    }
    let result = byKey.get(key);
    if (!result) {
      const executed = execute({ ...a, rootValue: payload });
      result = executed instanceof Promise ? executed.then(markSharedResult) : markSharedResult(executed);
      byKey.set(key, result);
    }
    return result;
  });
}

/** Whether every root field of the operation is one of `fields` (and it is a subscription). */
export function onlyRootFields(args: ExecutionArgs, fields: ReadonlySet<string>): boolean {
  return onlyFields(args, fields);
}

export function useSharedSubscriptionResults(rootFields: readonly string[]): Plugin {
  const fields = new Set(rootFields);
  return {
    onSubscribe({ args, setSubscribeFn }) {
      if (!onlyFields(args as ExecutionArgs, fields)) return;
      setSubscribeFn((async (a: ExecutionArgs) => {
        const source = await createSourceEventStream(a);
        if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
        return sharedResultStream(a, source as AsyncIterable<unknown>);
      }) as never);
    },
  };
}
