import { generateApiKey } from '../auth/api-keys.js';
import type { Context } from '../context.js';
import { ApiKey } from '../entities/index.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { requireViewer } from './access.js';
import { requireId, requireName } from './input.js';

export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface CreatedApiKey {
  readonly apiKey: ApiKey;
  /** The bearer token; shown once, only its hash is stored. */
  readonly secret: string;
}

export async function listApiKeys(ctx: Context): Promise<ApiKey[]> {
  const viewer = requireViewer(ctx);
  return ctx.em.find(ApiKey, { user: viewer.userId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

export async function createApiKey(
  ctx: Context,
  input: { name: string; scopes?: readonly ApiKeyScope[] | null; expiresAt?: Date | null },
): Promise<CreatedApiKey> {
  const viewer = requireViewer(ctx);
  // A leaked key must not be able to mint more keys.
  if (viewer.via !== 'jwt') return forbidden('API keys can only be created with a login token');
  const name = requireName(input.name);
  const scopes = [...new Set(input.scopes ?? API_KEY_SCOPES)];
  if (scopes.length === 0) return badInput('scopes must not be empty', 'scopes');
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) return badInput('expiresAt must be in the future', 'expiresAt');
  const generated = generateApiKey();
  const apiKey = ctx.em.create(ApiKey, {
    user: viewer.userId,
    name,
    prefix: generated.prefix,
    secretHash: generated.secretHash,
    scopes,
    expiresAt: input.expiresAt ?? null,
  });
  await ctx.em.flush();
  return { apiKey, secret: generated.token };
}

export async function revokeApiKey(ctx: Context, args: { id: string }): Promise<ApiKey> {
  const viewer = requireViewer(ctx);
  const apiKey = await ctx.em.findOne(ApiKey, { id: requireId(args.id), user: viewer.userId });
  if (!apiKey) return notFound('API key');
  apiKey.revokedAt ??= new Date();
  await ctx.em.flush();
  await ctx.services.subscriptions.accessChanged({ apiKeyId: apiKey.id }); // its live subscriptions end
  return apiKey;
}
