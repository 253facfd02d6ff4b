// Run events: paged reads (query and Run.events) and the replay-then-live subscription source.
import type { Context } from '../context.js';
import type { Run } from '../entities/index.js';
import { badInput } from '../errors.js';
import type { StoredEvent } from '../jobs/index.js';
import type { Live } from '../subscriptions/live-subscriptions.js';
import { requireViewer } from './access.js';
import { loadRunForViewer } from './runs.js';

export const MAX_EVENTS_LIMIT = 5000;

function checkPage(after: number | null | undefined, limit: number | null | undefined): { after: number; limit: number } {
  const a = after ?? 0;
  const l = limit ?? 100;
  if (!Number.isInteger(a) || a < 0) return badInput('after must be a non-negative integer', 'after');
  if (!Number.isInteger(l) || l < 1 || l > MAX_EVENTS_LIMIT) return badInput(`limit must be between 1 and ${MAX_EVENTS_LIMIT}`, 'limit');
  return { after: a, limit: l };
}

/** Stored events of a run with seq > after, ascending. */
export function runEventsPage(ctx: Context, run: Run, after?: number | null, limit?: number | null): Promise<StoredEvent[]> {
  const page = checkPage(after, limit);
  return ctx.services.runs.events(run.id, page.after, page.limit);
}

export async function listRunEvents(
  ctx: Context,
  args: { runId: string; after?: number | null; limit?: number | null },
): Promise<StoredEvent[]> {
  const page = checkPage(args.after, args.limit);
  const run = await loadRunForViewer(ctx, args.runId);
  return ctx.services.runs.events(run.id, page.after, page.limit);
}

/**
 * Stored events after `after`, then live ones, each once in seq order, ending after run.closed (at once
 * for a finished run the subscriber has seen to the end). Registered with the live subscriptions: capped,
 * and ended with FORBIDDEN when the viewer loses access to the workspace while it streams.
 */
export async function subscribeRunEvents(
  ctx: Context,
  args: { runId: string; after?: number | null },
): Promise<AsyncIterableIterator<Live<StoredEvent>>> {
  const after = args.after ?? 0;
  if (!Number.isInteger(after) || after < 0) return badInput('after must be a non-negative integer', 'after');
  const run = await loadRunForViewer(ctx, args.runId);
  const viewer = requireViewer(ctx);
  return ctx.services.subscriptions.register(ctx.services.runs.subscribe(run.id, after), {
    viewer,
    workspaceId: run.experiment.project.workspace.id,
    socketId: ctx.socketId,
  });
}
