// Gives every error that reaches a client one of the contract's codes. graphql-js and graphql-armor reject
// bad documents and variables with no code (or GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED): those are
// the client's bad input, so they become BAD_USER_INPUT (with `field` = the variable path when one is named).
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const REQUEST_CODES = new Set([undefined, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
const VARIABLE_PATH = /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/;
const VARIABLE_NAME = /^Variable "\$([^"]+)"/;

/** The error with a contract code (BAD_USER_INPUT for parse/validation/variable errors); others unchanged. */
export function withRequestErrorCode(error: GraphQLError): GraphQLError {
  const code = error.extensions?.code;
  if (!REQUEST_CODES.has(code as string | undefined)) return error;
  // Errors thrown inside resolvers carry an originalError; without a code those are masked elsewhere.
  if (error.originalError && !(error.originalError instanceof GraphQLError)) return error;
  const field = VARIABLE_PATH.exec(error.message)?.[2] ?? VARIABLE_NAME.exec(error.message)?.[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...(field ? { field } : {}) },
  });
}

function recode(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError ? withRequestErrorCode(e) : e)) };
}

export function useRequestErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => recode(r as ExecutionResult)));
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) setResult(recode(result as ExecutionResult));
    },
  };
}
