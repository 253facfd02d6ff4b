// The edge of the API: every root field (query, mutation, subscription) of the schema is wrapped so that,
// before its resolver runs, its arguments are checked against the input bounds (input-bounds.ts) and the
// viewer's API-key scopes against what the field needs (scopes.ts). One place, so no resolver can forget.
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.js';
import { checkInputBounds } from './input-bounds.js';
import { checkScope, requiredScope } from './scopes.js';

export { checkInputBounds, INPUT_LIMITS, type InputLimits } from './input-bounds.js';
export { checkScope, hasScope, MUTATION_SCOPES, requiredScope, type Scope } from './scopes.js';

type Resolver = GraphQLFieldResolver<unknown, Context, Record<string, unknown>>;

function guarded(operation: 'query' | 'mutation' | 'subscription', field: string, inner: Resolver): Resolver {
  const scope = requiredScope(operation, field);
  return (source, args, ctx, info) => {
    checkInputBounds(args);
    checkScope(ctx.viewer, scope, field);
    return inner(source, args, ctx, info);
  };
}

function guardType(type: GraphQLObjectType | null | undefined, operation: 'query' | 'mutation' | 'subscription'): void {
  if (!type) return;
  for (const field of Object.values(type.getFields())) {
    if (operation === 'subscription') {
      // The checks run once, when the subscription starts; each event's resolve stays as it is.
      if (field.subscribe) field.subscribe = guarded(operation, field.name, field.subscribe as Resolver);
    } else {
      field.resolve = guarded(operation, field.name, (field.resolve ?? defaultFieldResolver) as Resolver);
    }
  }
}

/** Wraps the root fields of the schema in place and returns it. */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  guardType(schema.getQueryType(), 'query');
  guardType(schema.getMutationType(), 'mutation');
  guardType(schema.getSubscriptionType(), 'subscription');
  return schema;
}
