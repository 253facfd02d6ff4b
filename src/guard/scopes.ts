// The one scope check every root field goes through (guard/index.ts installs it on the schema). An API key
// carries scopes (READ, WRITE); a login token has them all. Each mutation names the scope it needs here;
// a mutation missing from the table needs WRITE, so a new mutation is closed to READ keys until listed.
// Queries and subscriptions need READ. Workspace roles are checked on top of this by the resolvers (access.ts).
import type { Viewer } from '../auth/authenticate.js';
import { forbidden } from '../errors.js';

export type Scope = 'read' | 'write';

/** Mutations that a READ key may call (they change nothing of the workspace) and those that need no viewer. */
export const MUTATION_SCOPES: Readonly<Record<string, Scope | 'none'>> = {
  signUp: 'none',
  logIn: 'none',
  waitForRun: 'read',
  predict: 'read',
};

export function requiredScope(operation: 'query' | 'mutation' | 'subscription', field: string): Scope | 'none' {
  if (operation !== 'mutation') return 'read';
  return MUTATION_SCOPES[field] ?? 'write';
}

export function hasScope(viewer: Viewer, scope: Scope): boolean {
  return viewer.scopes.includes('*') || viewer.scopes.includes(scope);
}

/** FORBIDDEN when the viewer is an API key without the scope (no viewer: the resolver answers UNAUTHENTICATED). */
export function checkScope(viewer: Viewer | null, scope: Scope | 'none', field: string): void {
  if (scope === 'none' || !viewer) return;
  if (!hasScope(viewer, scope)) forbidden(`${field} needs an API key with the ${scope.toUpperCase()} scope`);
}
