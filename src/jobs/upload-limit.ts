// Yoga plugin bounding dataset uploads. Multipart bodies are buffered by the fetch layer before any
// resolver runs, so the limit has to be enforced while parsing: a declared Content-Length over the limit
// is refused at once, and busboy is given the file-size limit so an undeclared one stops at the limit.
// Either way the client gets BAD_USER_INPUT (field "file", HTTP 413).
import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Room for the other multipart fields (operations, map) next to the file. */
const MULTIPART_OVERHEAD = 1024 * 1024;

function tooLarge(limit: number): GraphQLError {
  return createGraphQLError(`file is larger than the upload limit of ${limit} bytes`, {
    extensions: { code: 'BAD_USER_INPUT', field: 'file', http: { status: 413 } },
  });
}

type FormDataFn = (options?: { formDataLimits?: Record<string, number> }) => Promise<FormData>;

export function useUploadLimit(maxBytes: () => number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (!request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') || !requestParser) return;
      const limit = maxBytes();
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > limit + MULTIPART_OVERHEAD) throw tooLarge(limit);
      const formData = (request.formData as FormDataFn).bind(request);
      (request as unknown as { formData: FormDataFn }).formData = (options) =>
        formData({ ...options, formDataLimits: { ...options?.formDataLimits, fileSize: limit, files: 1 } });
      setRequestParser(async (req) => {
        try {
          return await requestParser(req);
        } catch (error) {
          if (error instanceof GraphQLError && error.extensions?.['code'] === 'REQUEST_ENTITY_TOO_LARGE') throw tooLarge(limit);
          throw error;
        }
      });
    },
  };
}
