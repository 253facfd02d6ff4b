import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { newId, now } from './ids.js';

export const User = defineEntity({
  name: 'User',
  tableName: 'user',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    /** Always stored lower-case and trimmed. */
    email: p.string().length(320).unique(),
    /** scrypt$N$r$p$salt$hash (see src/auth/passwords.ts). */
    passwordHash: p.string().length(255).hidden(),
    createdAt: p.datetime().onCreate(now),
  }),
});
export type User = InferEntity<typeof User>;
