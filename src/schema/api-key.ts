import { API_KEY_SCOPES, createApiKey, revokeApiKey, type ApiKeyScope } from '../resolvers/api-keys.js';
import { builder } from './builder.js';
import { ApiKeyRef, CreatedApiKeyRef } from './refs.js';

export const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  values: Object.fromEntries(API_KEY_SCOPES.map((s) => [s.toUpperCase(), { value: s }])) as Record<
    Uppercase<ApiKeyScope>,
    { value: ApiKeyScope }
  >,
});

ApiKeyRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'Public part of the key, e.g. cq_ab12cd34.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], resolve: (k) => k.scopes.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

CreatedApiKeyRef.implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    secret: t.exposeString('secret', { description: 'The bearer token. Shown once: only its hash is stored.' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.field({ type: [ApiKeyScopeEnum], description: 'Default: READ and WRITE.' }),
    expiresAt: t.field({ type: 'DateTime' }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKeyRef,
    description: 'Needs a login token (not an API key).',
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_r, { input }, ctx) => createApiKey(ctx, input),
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => revokeApiKey(ctx, args),
  }),
}));
