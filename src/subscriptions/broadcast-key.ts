// Which subscriptions of one run may share a broadcast group: the same document and operation, and the same
// values of the variables that can change what an event executes to. Variables used only in the root field's
// arguments (runEvents(runId: $runId, after: $after)) choose the stream, not the shape of each result, so
// subscribers that differ only in `after` (joined at different points) still share one execution per event.
import { Kind, visit, type ASTNode, type DocumentNode, type ExecutionArgs, type OperationDefinitionNode } from 'graphql';

const documentIds = new WeakMap<DocumentNode, number>();
const shapeVariables = new WeakMap<DocumentNode, Map<string, readonly string[]>>();
let nextDocumentId = 1;

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

function variablesIn(nodes: readonly ASTNode[], into: Set<string>): void {
  for (const node of nodes) {
    visit(node, {
      Variable(v) {
        into.add(v.name.value);
      },
    });
  }
}

/** Variables referenced anywhere but in the root fields' arguments (fragments counted whole). */
function resultShapeVariables(document: DocumentNode, operationName: string | null | undefined): readonly string[] {
  let byOperation = shapeVariables.get(document);
  if (!byOperation) {
    byOperation = new Map();
    shapeVariables.set(document, byOperation);
  }
  const name = operationName ?? '';
  let found = byOperation.get(name);
  if (!found) {
    const names = new Set<string>();
    const op = operationOf(document, operationName);
    if (op) {
      variablesIn(op.directives ?? [], names);
      for (const s of op.selectionSet.selections) {
        if (s.kind === Kind.FIELD) {
          variablesIn(s.directives ?? [], names);
          if (s.selectionSet) variablesIn([s.selectionSet], names);
        } else variablesIn([s], names);
      }
    }
    variablesIn(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION), names);
    found = [...names].sort();
    byOperation.set(name, found);
  }
  return found;
}

export function broadcastKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(args.document, id);
  }
  const values = args.variableValues ?? {};
  const shape = resultShapeVariables(args.document, args.operationName).map((v) => [v, values[v] ?? null]);
  return `${id}|${args.operationName ?? ''}|${JSON.stringify(shape)}`;
}
