// Yoga plugin bounding request bodies and streaming uploads. Dataset uploads (multipart) may be up to
// MAX_UPLOAD_BYTES; other requests keep yoga's usual 25 MB. Multipart bodies are parsed by
// multipart-spool.ts, which writes the file part to disk as it arrives (the fetch layer's formData() would
// hold it all in memory); a declared Content-Length over the limit is refused at once, an undeclared one
// stops at the limit. The client gets BAD_USER_INPUT (field "file") with HTTP 413.
// app.ts must raise yoga's own maxRequestBodySize to maxRequestBody(maxUploadBytes) for this to matter.
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { FileTooLargeError, parseMultipartToDisk, removeSpoolFiles } from './multipart-spool.js';

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

/** The spool folder of uploads under the artifact directory (same file system as the datasets). */
export function uploadSpoolDir(artifactDir: string): string {
  return join(artifactDir, 'uploads');
}

export function useUploadLimit(maxUploadBytes: () => number, spoolDir: () => string): Plugin {
  /** Spool files of requests in flight, removed once the response is out (a kept file was moved by then). */
  const spooled = new WeakMap<Request, string[]>();
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
      if (!requestParser || request.method !== 'POST') return;
      const limit = maxUploadBytes();
      const fileTooLarge = () => tooLarge(`file is larger than the upload limit of ${limit} bytes`, 'file');
      if (Number.isFinite(declared) && declared > limit + MULTIPART_OVERHEAD) throw fileTooLarge();
      const files: string[] = [];
      spooled.set(request, files);
      // Yoga's body-size plugin hands the parser a new Request (its body counted against maxRequestBodySize).
      setRequestParser(async (req) => {
        try {
          return (await parseMultipartToDisk(req, { fileLimit: limit, fieldLimit: MULTIPART_OVERHEAD, dir: spoolDir(), onFile: (p) => files.push(p) })) as GraphQLParams;
        } catch (error) {
          await removeSpoolFiles(files);
          if (error instanceof FileTooLargeError) throw fileTooLarge();
          if (error instanceof GraphQLError && error.extensions?.['code'] === 'REQUEST_ENTITY_TOO_LARGE') throw fileTooLarge();
          throw error;
        }
      });
    },
    async onResponse({ request }) {
      const files = spooled.get(request);
      if (files?.length) await removeSpoolFiles(files);
    },
  };
}
