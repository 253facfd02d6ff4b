// Typed GraphQL errors with the contract's codes (and the input field at fault). Below schema/ and resolvers/,
// imported by both and by the yoga plugins; nothing here knows about either.
import { createGraphQLError } from 'graphql-yoga';

/** The codes of the contract; anything else reaching a client is masked as INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number] | 'INTERNAL_SERVER_ERROR';

function fail(code: ErrorCode, message: string, field?: string): never {
  throw createGraphQLError(message, { extensions: field === undefined ? { code } : { code, field } });
}

export const unauthenticated = (message = 'Authentication required'): never => fail('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed'): never => fail('FORBIDDEN', message);
/** Also the answer for things that exist but belong to someone else: never reveal existence. */
export const notFound = (what: string): never => fail('NOT_FOUND', `${what} not found`);
export const badInput = (message: string, field?: string): never => fail('BAD_USER_INPUT', message, field);
export const conflict = (message: string, field?: string): never => fail('CONFLICT', message, field);
