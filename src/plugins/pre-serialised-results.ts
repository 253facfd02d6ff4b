// Fan-out of one run event to many graphql-ws subscribers: the shared ExecutionResult
// (shared-subscription-results.ts: one per event and distinct document) is serialised to JSON once, and
// each subscriber's `next` message is framed around that string instead of JSON.stringify walking the
// result again per socket. graphql-ws builds each message with JSON.stringify and hands it to the socket
// adapter's send in the same synchronous step (graphql-ws/dist/server + use/ws), so the payload is stood
// in for by a placeholder whose toJSON records the serialised result, and the socket's send swaps it back.
import type { ExecutionResult } from 'graphql';
import type { WebSocket, WebSocketServer } from 'ws';

const PLACEHOLDER = '\u0000caretql:shared-result\u0000';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);

const sharedResults = new WeakSet<object>();
const jsonOf = new WeakMap<object, string>();
/** The serialised result of the payload being stringified right now (set by toJSON, taken by send). */
let pending: string | null = null;
let sentPreSerialised = 0;

/** Messages sent with a pre-serialised payload so far in this process (tests check the path is taken). */
export function preSerialisedSendCount(): number {
  return sentPreSerialised;
}

/** Marks an ExecutionResult that many subscribers receive as the same object (serialise it once). */
export function markSharedResult<T extends ExecutionResult>(result: T): T {
  sharedResults.add(result);
  return result;
}

class PreSerialisedPayload {
  constructor(private readonly json: string) {}
  toJSON(): string {
    pending = this.json;
    return PLACEHOLDER;
  }
}

function serialised(result: ExecutionResult): string {
  let json = jsonOf.get(result);
  if (json === undefined) {
    // As graphql-ws would send it: errors as their toJSON, omitted when there are none.
    const { errors, ...rest } = result;
    json = JSON.stringify(errors ? { ...rest, errors: errors.map((e) => e.toJSON()) } : rest);
    jsonOf.set(result, json);
  }
  return json;
}

/** graphql-ws's onNext hook: a shared result goes out pre-serialised; any other result as usual. */
export function preSerialisedNext(result: ExecutionResult): ExecutionResult | undefined {
  if (!sharedResults.has(result)) return undefined;
  return new PreSerialisedPayload(serialised(result)) as unknown as ExecutionResult;
}

function patchSend(socket: WebSocket): void {
  const send = socket.send.bind(socket) as (data: string, cb?: (err?: Error) => void) => void;
  const patched = (data: unknown, ...rest: unknown[]): void => {
    const json = pending;
    pending = null;
    if (json !== null && typeof data === 'string') {
      const at = data.lastIndexOf(QUOTED_PLACEHOLDER);
      if (at !== -1) {
        data = data.slice(0, at) + json + data.slice(at + QUOTED_PLACEHOLDER.length);
        sentPreSerialised++;
      }
    }
    (send as (...args: unknown[]) => void)(data, ...rest);
  };
  socket.send = patched as WebSocket['send'];
}

/** Every socket of `wss` swaps pre-serialised payloads back in when it sends. Install before graphql-ws's useServer. */
export function installPreSerialisedSend(wss: WebSocketServer): void {
  wss.on('connection', patchSend);
}
