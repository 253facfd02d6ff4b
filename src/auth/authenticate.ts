import type { Em } from '../db.js';
import { ApiKey, User } from '../entities/index.js';
import { apiKeySecretMatches, looksLikeApiKey, parseApiKeyToken } from './api-keys.js';
import { TokenError, verifyToken } from './jwt.js';

export interface Viewer {
  readonly userId: string;
  readonly email: string;
  readonly via: 'jwt' | 'apikey';
  /** JWT: ['*']; API key: the key's scopes. */
  readonly scopes: readonly string[];
  readonly apiKeyId?: string;
}

export type AuthResult = { viewer: Viewer; error: null } | { viewer: null; error: string | null };

const LAST_USED_RESOLUTION_MS = 60_000;

/** "Bearer <token>" → token; anything else → null. */
export function parseBearer(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

/**
 * Resolves a bearer token (JWT or API key) to a viewer. No token: {viewer: null, error: null};
 * a bad token: {viewer: null, error: reason} (callers answer UNAUTHENTICATED with that reason).
 */
export async function authenticate(em: Em, jwtKey: Uint8Array, token: string | null): Promise<AuthResult> {
  if (!token) return { viewer: null, error: null };
  if (looksLikeApiKey(token)) return authenticateApiKey(em, token);
  try {
    const claims = await verifyToken(jwtKey, token);
    // A valid signature of a deleted account is no viewer (UNAUTHENTICATED, not a failing foreign key later).
    const user = await em.findOne(User, { id: claims.userId }, { fields: ['id', 'email'] });
    if (!user) return { viewer: null, error: 'the account of this token no longer exists' };
    return { viewer: { userId: user.id, email: user.email, via: 'jwt', scopes: ['*'] }, error: null };
  } catch (err) {
    return { viewer: null, error: err instanceof TokenError ? err.message : 'invalid token' };
  }
}

async function authenticateApiKey(em: Em, token: string): Promise<AuthResult> {
  const parsed = parseApiKeyToken(token);
  if (!parsed) return { viewer: null, error: 'invalid API key' };
  const key = await em.findOne(ApiKey, { prefix: parsed.prefix }, { populate: ['user'] });
  if (!key || !apiKeySecretMatches(parsed.secret, key.secretHash)) return { viewer: null, error: 'invalid API key' };
  if (key.revokedAt) return { viewer: null, error: 'API key revoked' };
  const now = new Date();
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { viewer: null, error: 'API key expired' };
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: now });
  }
  return {
    viewer: { userId: key.user.id, email: key.user.email, via: 'apikey', scopes: key.scopes, apiKeyId: key.id },
    error: null,
  };
}
