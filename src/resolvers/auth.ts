import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { signToken } from '../auth/jwt.js';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from '../auth/passwords.js';
import type { Context } from '../context.js';
import { User } from '../entities/index.js';
import { badInput, conflict, unauthenticated } from '../errors.js';
import { EMAIL_MAX, requireEmail, requirePassword, requirePasswordLength } from './input.js';

export interface AuthPayload {
  readonly token: string;
  readonly user: User;
}

export async function issueToken(ctx: Context, user: User): Promise<string> {
  return signToken(ctx.services.jwtKey, { userId: user.id, email: user.email }, ctx.services.config.jwtExpiresInSeconds);
}

export async function signUp(ctx: Context, args: { email: string; password: string }): Promise<AuthPayload> {
  const email = requireEmail(args.email);
  const password = requirePassword(args.password);
  await ctx.services.rateLimits.consume('authPerIp', ctx.clientIp);
  if (await ctx.em.count(User, { email })) return conflict('An account with this email already exists', 'email');
  const user = ctx.em.create(User, { email, passwordHash: await hashPassword(password) });
  try {
    await ctx.em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return conflict('An account with this email already exists', 'email');
    throw err;
  }
  return { token: await issueToken(ctx, user), user };
}

export async function logIn(ctx: Context, args: { email: string; password: string }): Promise<AuthPayload> {
  // Bounded before any work: the password is normalised and hashed, the email looked up.
  const password = requirePasswordLength(args.password);
  if (args.email.length > EMAIL_MAX * 2) return badInput(`email must be at most ${EMAIL_MAX} characters`, 'email');
  const email = args.email.trim().toLowerCase();
  // Throttled per address and per email before the password is checked, so guessing is slow from anywhere.
  await ctx.services.rateLimits.consume('authPerIp', ctx.clientIp);
  await ctx.services.rateLimits.consume('loginPerEmail', email);
  const user = email ? await ctx.em.findOne(User, { email }) : null;
  if (!user) {
    await burnPasswordCheck(password);
    return unauthenticated('Invalid email or password');
  }
  if (!(await verifyPassword(password, user.passwordHash))) return unauthenticated('Invalid email or password');
  await ctx.services.rateLimits.reset('loginPerEmail', email);
  if (needsRehash(user.passwordHash)) {
    user.passwordHash = await hashPassword(password);
    await ctx.em.flush();
  }
  return { token: await issueToken(ctx, user), user };
}
