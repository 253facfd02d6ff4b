import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

function toDate(value: unknown): Date {
  const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
  return d;
}

builder.scalarType('DateTime', {
  description: 'ISO-8601 date-time string (UTC)',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return toDate(ast.value);
  },
});

/** Deeper JSON literals are refused while parsing (variables are bounded by src/guard/input-bounds.ts). */
export const MAX_JSON_LITERAL_DEPTH = 32;

function literalToJson(ast: ValueNode, variables: Record<string, unknown> | null | undefined, depth = 0): unknown {
  if (depth > MAX_JSON_LITERAL_DEPTH) {
    throw new GraphQLError(`JSON literal is nested deeper than ${MAX_JSON_LITERAL_DEPTH} levels`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables, depth + 1));
    case Kind.OBJECT:
      // fromEntries defines own properties: a "__proto__" key stays a key (a column name), not the prototype.
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables, depth + 1)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new GraphQLError(`JSON cannot represent ${ast.kind}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
