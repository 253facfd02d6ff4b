import { logIn, signUp } from '../resolvers/auth.js';
import { builder } from './builder.js';
import { AuthPayloadRef, UserRef } from './refs.js';

AuthPayloadRef.implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'A JWT (HS256); send it as "Authorization: Bearer <token>".' }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayloadRef,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => signUp(ctx, args),
  }),
  logIn: t.field({
    type: AuthPayloadRef,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => logIn(ctx, args),
  }),
}));
