import type { Context } from '../context.js';
import { User } from '../entities/index.js';
import { unauthenticated } from '../errors.js';

/** The viewer, or null without a token; a token that was presented but refused is UNAUTHENTICATED. */
export async function me(ctx: Context): Promise<User | null> {
  if (!ctx.viewer) {
    if (ctx.authError) return unauthenticated(ctx.authError);
    return null;
  }
  return ctx.em.findOne(User, { id: ctx.viewer.userId });
}

export async function userById(ctx: Context, id: string): Promise<User> {
  return ctx.em.findOneOrFail(User, { id });
}
