// Envelop plugin timing every GraphQL execution (by operation type and root field; names come from the
// schema, so label values stay bounded) and counting the errors sent to clients by extensions.code.
import { Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './registry.js';

function countErrors(metrics: Metrics, result: ExecutionResult): void {
  for (const e of result.errors ?? []) metrics.operationErrors.inc({ code: String(e.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR') });
}

export function useGraphqlMetrics(metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const op = (args.document as DocumentNode).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const first = op?.selectionSet.selections[0];
      const field = first?.kind === Kind.FIELD ? first.name.value : 'unknown';
      const known = op && (args.schema as GraphQLSchema).getRootType(op.operation)?.getFields()[field] ? field : 'unknown';
      const stop = metrics.operationDuration.startTimer({ type: op?.operation ?? 'unknown', field: known });
      return { onExecuteDone: () => void stop() };
    },
    onResultProcess({ result }) {
      if (Array.isArray(result)) for (const r of result) countErrors(metrics, r as ExecutionResult);
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) countErrors(metrics, result as ExecutionResult);
    },
  };
}
