// graphql-ws client for tests: lazy, no retries (deterministic), ws as the WebSocket implementation.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsClientOptions {
  /** Keep the socket open this long after the last operation (default 0: close at once; reconnect lazily). */
  lazyCloseTimeout?: number;
}

export function createWsClient(wsUrl: string, token?: string | null, options: WsClientOptions = {}): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: true,
    lazyCloseTimeout: options.lazyCloseTimeout ?? 0,
    retryAttempts: 0,
    connectionParams: async () => (token ? { authorization: `Bearer ${token}` } : {}),
  });
}

/** Subscribes and collects every result until the server completes the operation (or errors). */
export function collectSubscription<TData, TVars extends Record<string, unknown>>(
  client: Client,
  doc: string | TypedDocumentNode<TData, TVars>,
  variables: TVars,
  onResult?: (result: ExecutionResult<TData>) => void,
): Promise<ExecutionResult<TData>[]> {
  const query = typeof doc === 'string' ? doc : print(doc);
  const results: ExecutionResult<TData>[] = [];
  return new Promise((resolve, reject) => {
    client.subscribe<TData>(
      { query, variables },
      {
        next: (r) => {
          results.push(r as ExecutionResult<TData>);
          onResult?.(r as ExecutionResult<TData>);
        },
        error: (err) => reject(err instanceof Error ? err : new Error(describeCloseOrError(err))),
        complete: () => resolve(results),
      },
    );
  });
}

function describeCloseOrError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) {
    const e = err as { code: number; reason?: string };
    return `socket closed ${e.code} ${e.reason ?? ''}`.trim();
  }
  return JSON.stringify(err);
}

/** Opens a raw graphql-transport-ws socket, sends connection_init, resolves with the close code (or 0 on ack). */
export function connectionInitOutcome(wsUrl: string, token?: string | null): Promise<{ acked: boolean; closeCode: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
    });
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string };
      if (msg.type === 'connection_ack') {
        socket.close(1000);
        resolve({ acked: true, closeCode: 0 });
      }
    });
    socket.once('close', (code) => resolve({ acked: false, closeCode: code }));
    socket.once('error', reject);
  });
}
