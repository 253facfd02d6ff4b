// Yoga plugin bounding request bodies. Dataset uploads (multipart) may be up to MAX_UPLOAD_BYTES; other
// requests keep yoga's usual 25 MB. Multipart bodies are buffered by the fetch layer before any resolver
// runs, so the limit is enforced while parsing: a declared Content-Length over the limit is refused at
// once, and busboy gets the file-size limit so an undeclared one stops at the limit. The client gets
// BAD_USER_INPUT (field "file") with HTTP 413.
// app.ts must raise yoga's own maxRequestBodySize to maxRequestBody(maxUploadBytes) for this to matter.
import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Room for the other multipart fields (operations, map) next to the file. */
const MULTIPART_OVERHEAD = 1024 * 1024;
/** Yoga's default body limit, kept for everything that is not an upload. */
export const NON_UPLOAD_BODY_LIMIT = 25_000_000;

/** The value for yoga's maxRequestBodySize when uploads of maxUploadBytes are allowed. */
export function maxRequestBody(maxUploadBytes: number): number {
  return Math.max(NON_UPLOAD_BODY_LIMIT, maxUploadBytes + MULTIPART_OVERHEAD);
}

function tooLarge(message: string, field?: string): GraphQLError {
  return createGraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}), http: { status: 413 } },
  });
}

type FormDataFn = (options?: { formDataLimits?: Record<string, number> }) => Promise<FormData>;

export function useUploadLimit(maxUploadBytes: () => number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      const declared = Number(request.headers.get('content-length') ?? NaN);
      const multipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') ?? false;
      if (!multipart) {
        if (Number.isFinite(declared) && declared > NON_UPLOAD_BODY_LIMIT) {
          throw tooLarge(`request body is larger than ${NON_UPLOAD_BODY_LIMIT} bytes`);
        }
        return;
      }
      if (!requestParser) return;
      const limit = maxUploadBytes();
      const fileTooLarge = () => tooLarge(`file is larger than the upload limit of ${limit} bytes`, 'file');
      if (Number.isFinite(declared) && declared > limit + MULTIPART_OVERHEAD) throw fileTooLarge();
      // Yoga's body-size plugin hands the parser a new Request, so the limit is attached to that one.
      setRequestParser(async (req) => {
        const formData = (req.formData as FormDataFn).bind(req);
        (req as unknown as { formData: FormDataFn }).formData = (options) =>
          formData({ ...options, formDataLimits: { ...options?.formDataLimits, fileSize: limit, files: 1 } });
        try {
          return await requestParser(req);
        } catch (error) {
          if (error instanceof GraphQLError && error.extensions?.['code'] === 'REQUEST_ENTITY_TOO_LARGE') throw fileTooLarge();
          throw error;
        }
      });
    },
  };
}
