// Which socket and graphql-ws operation id a WebSocket operation's results go to: app.ts records it per
// operation (keyed by the operation's context object) so that a broadcast group can write to the socket.
import type { WebSocket } from 'ws';

export interface DeliveryTarget {
  readonly socket: WebSocket;
  /** The graphql-ws operation id (the client's choice). */
  readonly id: string;
}

const targets = new WeakMap<object, DeliveryTarget>();

export function setDeliveryTarget(contextValue: unknown, target: DeliveryTarget): void {
  if (typeof contextValue === 'object' && contextValue !== null) targets.set(contextValue, target);
}

/** The target of a WebSocket operation; undefined over HTTP (SSE) or outside graphql-ws. */
export function deliveryTargetOf(contextValue: unknown): DeliveryTarget | undefined {
  return typeof contextValue === 'object' && contextValue !== null ? targets.get(contextValue) : undefined;
}
