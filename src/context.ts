import { authenticate, parseBearer, type Viewer } from './auth/authenticate.js';
import type { Em } from './db.js';
import type { Services } from './services.js';

export type { Viewer } from './auth/authenticate.js';

/** Built per HTTP request and per WebSocket operation. */
export interface Context {
  /** A fresh fork: one unit of work per request / operation. */
  readonly em: Em;
  /** The authenticated user, or null. */
  readonly viewer: Viewer | null;
  /** Why a presented token was refused (null when none was presented or it was valid). */
  readonly authError: string | null;
  readonly services: Services;
  /** The WebSocket an operation came on (null over HTTP): subscriptions are capped per socket. */
  readonly socketId: string | null;
  /** The client's address (the TCP peer; log-ins and sign-ups are throttled per address). */
  readonly clientIp: string;
}

export async function createContext(
  services: Services,
  authorization: string | null | undefined,
  socketId: string | null = null,
  clientIp = 'unknown',
): Promise<Context> {
  const em = services.orm.em.fork() as Em;
  const { viewer, error } = await authenticate(em, services.jwtKey, parseBearer(authorization));
  return { em, viewer, authError: error, services, socketId, clientIp };
}
