// The yoga/envelop plugins of the GraphQL server, one per file: the contract's error codes for rejected
// requests, the upload body limit, shared execution of identical subscription results and their one-time
// serialisation for graphql-ws. app.ts installs them.
export { tidyMessage, useRequestErrorCodes, withRequestErrorCode } from './request-errors.js';
export { checkDocumentText, DOCUMENT_LIMITS, useDocumentLimits } from './document-limits.js';
export { maxRequestBody, NON_UPLOAD_BODY_LIMIT, uploadSpoolDir, useUploadLimit } from './upload-limit.js';
export { sweepStaleSpoolFiles } from './multipart-spool.js';
export { useSharedSubscriptionResults } from './shared-subscription-results.js';
export { installPreSerialisedSend, preSerialisedNext } from './pre-serialised-results.js';
