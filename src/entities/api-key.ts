import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId, now } from './ids.js';
import { User } from './user.js';

export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    user: p.manyToOne(User).deleteRule('cascade').index(),
    name: p.string().length(200),
    /** Public, unique, shown in lists (e.g. "cq_ab12cd34"); the bearer token is `<prefix>_<secret>`. */
    prefix: p.string().length(32).unique(),
    /** SHA-256 hex of the secret part; the secret itself is shown once. */
    secretHash: p.string().length(64).hidden(),
    scopes: p.json<string[]>(),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(now),
  }),
});
export type ApiKey = InferEntity<typeof ApiKey>;
