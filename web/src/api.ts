// The one GraphQL client of the app: urql over HTTP for queries and mutations, graphql-ws for
// subscriptions, the bearer token from localStorage on both (connectionParams is re-read on reconnect).
import { Client, CombinedError, fetchExchange, subscriptionExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { clearSession, getToken } from './session.js';

let wsClient: WsClient | null = null;

function ws(): WsClient {
  if (!wsClient) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    wsClient = createWsClient({ url, lazy: true, connectionParams: async () => ({ authorization: `Bearer ${getToken() ?? ''}` }) });
  }
  return wsClient;
}

/** Closes the socket (after log-out or log-in, so the next subscription authenticates anew). */
export function resetSocket(): void {
  void wsClient?.dispose();
  wsClient = null;
}

export const client = new Client({
  url: '/graphql',
  requestPolicy: 'network-only',
  preferGetMethod: false,
  fetchOptions: (): RequestInit => {
    const token = getToken();
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    return { headers };
  },
  exchanges: [
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? '' };
        return { subscribe: (sink) => ({ unsubscribe: ws().subscribe(input, sink) }) };
      },
    }),
  ],
});

/** A token the server no longer accepts (expired, revoked): forget it and show the log-in page. */
function signedOut(): void {
  clearSession();
  resetSocket();
  location.hash = '#/login';
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly field: string | null,
  ) {
    super(message);
  }
}

const CODE_WORDS: Record<string, string> = {
  UNAUTHENTICATED: 'Please log in again',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  BAD_USER_INPUT: 'Check your input',
  CONFLICT: 'Conflict',
  INTERNAL_SERVER_ERROR: 'Server error',
};

/** The first GraphQL error in words: "<code in words>: <message>" and the field at fault, if any. */
export function toApiError(error: CombinedError | Error): ApiError {
  if (error instanceof CombinedError) {
    const first = error.graphQLErrors[0];
    if (first) {
      const code = typeof first.extensions.code === 'string' ? first.extensions.code : null;
      const field = typeof first.extensions.field === 'string' ? first.extensions.field : null;
      const words = code ? (CODE_WORDS[code] ?? code) : 'Error';
      if (code === 'UNAUTHENTICATED' && getToken()) signedOut();
      return new ApiError(`${words}: ${first.message}${field ? ` (field: ${field})` : ''}`, code, field);
    }
    if (error.networkError) return new ApiError(`Network error: ${error.networkError.message}`, null, null);
  }
  return new ApiError(error.message, null, null);
}

export async function query<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V): Promise<D> {
  const result = await client.query(doc, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError('Empty response', null, null);
  return result.data;
}

export async function mutate<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V): Promise<D> {
  const result = await client.mutation(doc, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError('Empty response', null, null);
  return result.data;
}

/** Subscribes; returns the unsubscribe function. `onDone` runs when the server completes the stream. */
export function subscribe<D, V extends AnyVariables>(
  doc: TypedDocumentNode<D, V> | string,
  variables: V,
  onData: (data: D) => void,
  onError: (error: ApiError) => void,
): () => void {
  const { unsubscribe } = client.subscription<D, V>(doc, variables).subscribe((result) => {
    if (result.error) onError(toApiError(result.error));
    else if (result.data) onData(result.data);
  });
  return unsubscribe;
}

/**
 * uploadDataset as a GraphQL multipart request (graphql-multipart-request-spec) through XMLHttpRequest,
 * because fetch reports no upload progress.
 */
export function uploadDataset(
  workspaceId: string,
  name: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ id: string; name: string }> {
  const body = new FormData();
  body.append(
    'operations',
    JSON.stringify({
      query: 'mutation Upload($file: File!, $name: String!, $workspaceId: ID!) { uploadDataset(file: $file, name: $name, workspaceId: $workspaceId) { id name } }',
      variables: { file: null, name, workspaceId },
    }),
  );
  body.append('map', JSON.stringify({ 0: ['variables.file'] }));
  body.append('0', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/graphql');
    const token = getToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError('Network error during upload', null, null));
    xhr.onload = () => {
      try {
        const json = JSON.parse(xhr.responseText) as {
          data?: { uploadDataset?: { id: string; name: string } } | null;
          errors?: { message: string; extensions?: { code?: string; field?: string } }[];
        };
        const first = json.errors?.[0];
        if (first) {
          const code = first.extensions?.code ?? null;
          reject(new ApiError(`${code ? (CODE_WORDS[code] ?? code) : 'Error'}: ${first.message}`, code, first.extensions?.field ?? null));
        } else if (json.data?.uploadDataset) resolve(json.data.uploadDataset);
        else reject(new ApiError(`Upload failed (HTTP ${xhr.status})`, null, null));
      } catch {
        reject(new ApiError(`Upload failed (HTTP ${xhr.status})`, null, null));
      }
    };
    xhr.send(body);
  });
}

/** Downloads an artifact with the bearer token (GET /artifacts/<id>) and saves it as a file. */
export async function downloadArtifact(id: string, fileName: string): Promise<void> {
  const response = await fetch(`/artifacts/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${getToken() ?? ''}` } });
  if (!response.ok) throw new ApiError(`Download failed (HTTP ${response.status})`, null, null);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
