import { listApiKeys } from '../resolvers/api-keys.js';
import { me } from '../resolvers/users.js';
import { builder } from './builder.js';
import { ApiKeyRef, UserRef } from './refs.js';

UserRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    description: 'The authenticated user; null without a token.',
    resolve: (_root, _args, ctx) => me(ctx),
  }),
  apiKeys: t.field({
    type: [ApiKeyRef],
    description: "The viewer's API keys, newest first (secrets are never shown again).",
    resolve: (_root, _args, ctx) => listApiKeys(ctx),
  }),
}));
