// Gives every error that reaches a client one of the contract's codes. graphql-js and graphql-armor reject
// bad documents and variables with no code (or GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED): those are
// the client's bad input, so they become BAD_USER_INPUT (with `field` = the variable path when one is named).
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const REQUEST_CODES = new Set([undefined, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
const VARIABLE_PATH = /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/;
const VARIABLE_NAME = /^Variable "\$([^"]+)"/;

/** Longest error message sent to a client: messages may quote the input (a name, a value). */
export const MAX_ERROR_MESSAGE = 500;

/**
 * The message without graphql-js's suggestions ("Did you mean ...?" names schema members to someone
 * probing it) and cut to MAX_ERROR_MESSAGE characters.
 */
export function tidyMessage(message: string): string {
  const plain = message.replace(/\s*Did you mean [\s\S]*$/, '');
  return plain.length > MAX_ERROR_MESSAGE ? `${plain.slice(0, MAX_ERROR_MESSAGE)}…` : plain;
}

function withMessage(error: GraphQLError, message: string, extensions: GraphQLError['extensions']): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/** The error with a contract code (BAD_USER_INPUT for parse/validation/variable errors); others unchanged. */
export function withRequestErrorCode(error: GraphQLError): GraphQLError {
  const code = error.extensions?.code;
  const message = tidyMessage(error.message);
  // Errors thrown inside resolvers carry an originalError; without a code those are masked elsewhere.
  if (!REQUEST_CODES.has(code as string | undefined) || (error.originalError && !(error.originalError instanceof GraphQLError))) {
    return message === error.message ? error : withMessage(error, message, error.extensions);
  }
  const rawField = VARIABLE_PATH.exec(error.message)?.[2] ?? VARIABLE_NAME.exec(error.message)?.[1];
  const field = rawField && rawField.length > 100 ? undefined : rawField;
  return withMessage(error, message, { ...error.extensions, code: 'BAD_USER_INPUT', ...(field ? { field } : {}) });
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
