import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Token format: `cq_<8 hex>_<43 chars base64url>`; `cq_<8 hex>` is the public prefix stored in clear. */
const TOKEN = /^(cq_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  readonly prefix: string;
  readonly token: string;
  readonly secretHash: string;
}

export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function generateApiKey(): GeneratedApiKey {
  const prefix = `cq_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  return { prefix, token: `${prefix}_${secret}`, secretHash: hashApiKeySecret(secret) };
}

export function parseApiKeyToken(token: string): { prefix: string; secret: string } | null {
  const m = TOKEN.exec(token);
  return m && m[1] && m[2] ? { prefix: m[1], secret: m[2] } : null;
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith('cq_');

export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKeySecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
