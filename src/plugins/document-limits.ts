// Bounds on the GraphQL document text, checked before graphql-js parses it (parsing is recursive: a value
// literal nested thousands deep would overflow the stack; a 24 MB name would be parsed, validated and
// echoed in an error). The length is bounded, and the nesting of [ and { is counted in one linear scan
// that skips strings and comments. Both end as BAD_USER_INPUT (plugins/request-errors.ts).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const DOCUMENT_LIMITS = {
  /** Characters of a document (inline datasets belong in variables; literals stay within armor's 50k tokens). */
  maxChars: 2_000_000,
  /** Nesting of selection sets, lists and objects together. */
  maxNesting: 64,
} as const;

function refuse(message: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** The deepest nesting of [ and { outside strings and comments. */
export function documentNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < source.length && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        // Escaped \""" inside a block string does not end it.
        let close = end;
        while (close > 0 && source.charCodeAt(close - 1) === 0x5c) close = source.indexOf('"""', close + 3);
        i = close < 0 ? source.length : close + 2;
      } else {
        for (i++; i < source.length; i++) {
          const d = source.charCodeAt(i);
          if (d === 0x5c) i++;
          else if (d === 0x22 || d === 0x0a) break;
        }
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

export function checkDocumentText(source: string): void {
  if (source.length > DOCUMENT_LIMITS.maxChars) refuse(`the document is longer than ${DOCUMENT_LIMITS.maxChars} characters`);
  if (documentNesting(source) > DOCUMENT_LIMITS.maxNesting) refuse(`the document is nested deeper than ${DOCUMENT_LIMITS.maxNesting} levels`);
}

export function useDocumentLimits(): Plugin {
  return {
    onParse({ params }) {
      const source = params.source;
      checkDocumentText(typeof source === 'string' ? source : source.body);
    },
  };
}
