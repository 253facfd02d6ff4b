import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { authenticate, parseBearer, type Viewer } from './auth/authenticate.js';
import { createContext, type Context } from './context.js';
import { pingDatabase } from './db.js';
import { schema } from './schema/index.js';
import {
  installPreSerialisedSend,
  maxRequestBody,
  preSerialisedNext,
  useDocumentLimits,
  useRequestErrorCodes,
  useSharedSubscriptionResults,
  sweepStaleSpoolFiles,
  uploadSpoolDir,
  useUploadLimit,
  withRequestErrorCode,
} from './plugins/index.js';
import { closeServices, startServices, type Services } from './services.js';
import { logContext } from './logger.js';
import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { isArtifactRequest, serveArtifact } from './http/artifact-download.js';
import { webRequestHandled } from './http/static-web.js';
import { isMetricsRequest, serveMetrics } from './http/metrics.js';
import { useGraphqlMetrics } from './metrics/graphql-metrics.js';
import { BroadcastHub } from './subscriptions/broadcast-group.js';
import { useBroadcastRunEvents } from './subscriptions/broadcast-plugin.js';
import { setDeliveryTarget } from './subscriptions/broadcast-target.js';

/** Limits against abusive queries (parse + validate stage, so they apply to WebSocket operations too). */
export const ARMOR_LIMITS = {
  maxDepth: { n: 12 },
  costLimit: { maxCost: 5000 },
  maxAliases: { n: 20 },
  // High enough for inline datasets written as literals (one token per cell); parsing 50k tokens takes milliseconds.
  maxTokens: { n: 50_000 },
  maxDirectives: { n: 20 },
} as const;

interface ServerContext {
  /** Set for WebSocket operations: the socket's connection_init authorization. */
  connectionAuthorization?: string | null;
  /** Set for WebSocket operations: which socket (subscriptions are capped per socket). */
  socketId?: string;
  /** Node's request (yoga.handle passes it; WebSocket operations pass the upgrade request). */
  req?: IncomingMessage;
}

export interface App {
  readonly yoga: YogaServerInstance<ServerContext, Context>;
  readonly httpServer: Server;
  /** Listens (port 0 = a free port); resolves with the bound port. */
  start(port?: number, host?: string): Promise<number>;
  /** Closes sockets and the HTTP server, then the services. */
  stop(): Promise<void>;
  /**
   * The sweep of upload spool files left by an earlier process, started by start() without delaying readiness.
   * Resolves with how many were removed (0 before start, or when it failed: the failure is logged).
   */
  spoolSweep(): Promise<number>;
}

/**
 * The Authorization value of a graphql-ws connection_init payload. The contract's form is
 * {authorization: "Bearer <token>"}; common client shapes ({Authorization}, {headers: {authorization}},
 * {authToken: "<token>"}) are accepted too.
 */
export function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): string | null {
  if (!params) return null;
  const headers = typeof params.headers === 'object' && params.headers !== null ? (params.headers as Record<string, unknown>) : {};
  for (const value of [params.authorization, params.Authorization, headers.authorization, headers.Authorization]) {
    if (typeof value === 'string') return value;
  }
  return typeof params.authToken === 'string' ? `Bearer ${params.authToken}` : null;
}

export function buildApp(services: Services): App {
  const log = services.logger.child('http');
  // runEvents over graphql-ws: one bus subscription, execution and serialisation per run and document,
  // written to each subscriber's socket (src/subscriptions/broadcast-*.ts).
  const broadcast = new BroadcastHub(services.pubsub);
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL subscribes over SSE (same auth header as its queries): in a browser it cannot send graphql-ws
    // connection params, and a socket without a token is refused (4403). Programs use graphql-ws on /graphql.
    graphiql: { subscriptionsProtocol: 'SSE', title: 'caretql' },
    renderGraphiQL, // GraphiQL's scripts and styles from the installed package: no CDN
    landingPage: false,
    logging: false,
    // CORS_ORIGINS lists the browser origins allowed to call the API; none: no CORS headers (same origin only).
    cors: services.config.corsOrigins.length > 0
      ? { origin: [...services.config.corsOrigins], credentials: true, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type'] }
      : false,
    plugins: [useGraphqlMetrics(services.metrics), useDocumentLimits(), EnvelopArmorPlugin(ARMOR_LIMITS), useRequestErrorCodes(), useUploadLimit(() => services.runs.maxUploadBytes, () => uploadSpoolDir(services.runs.artifactDir)), useSharedSubscriptionResults(['runEvents', 'experimentRuns']), useBroadcastRunEvents(broadcast)],
    maxRequestBodySize: maxRequestBody(services.runs.maxUploadBytes), // uploads; other bodies stay at 25 MB (plugins/upload-limit.ts)
    maskedErrors: {
      maskError: (error, message, isDev) => {
        // GraphQLErrors are meant for the client; anything else is a bug: log it, answer INTERNAL_SERVER_ERROR.
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (!(original instanceof GraphQLError)) log.error('unexpected error', { err: original });
        return maskError(error, message, isDev);
      },
    },
    context: async (init) => {
      const authorization = init.request?.headers.get('authorization') ?? init.connectionAuthorization ?? null;
      return createContext(services, authorization, init.socketId ?? null, init.req?.socket.remoteAddress ?? 'unknown');
    },
  });

  const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz' || req.url?.startsWith('/healthz?')) {
      void pingDatabase(services.orm).then((ok) => {
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: ok ? 'ok' : 'database unavailable' }));
      });
      return;
    }
    if (isMetricsRequest(req)) return void serveMetrics(services.metrics, services.config.metricsToken, req, res).catch((err: unknown) => { log.error('metrics', { err }); if (!res.headersSent) res.writeHead(500); res.end(); });
    if (isArtifactRequest(req)) return void serveArtifact(services, req, res).catch((err: unknown) => { log.error('artifact download', { err }); if (!res.headersSent) res.writeHead(500); res.end(); });
    if (webRequestHandled(req, res)) return;
    // A client's X-Request-Id is kept when it looks like one; otherwise a new id. It is echoed back and
    // carried by every log line of the request (logger.ts).
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    logContext.run({ requestId }, () => void yoga.handle(req, res));
  });

  /** One graphql-ws operation through yoga's envelop (armor, masking, context); the token is checked again. */
  async function prepareOperation(
    ctx: { connectionParams?: Readonly<Record<string, unknown>> | undefined; extra: { socketId?: string | undefined; request: IncomingMessage } },
    params: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const { schema: s, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
      connectionAuthorization: connectionAuthorization(ctx.connectionParams),
      socketId: ctx.extra.socketId,
      req: ctx.extra.request,
      params,
    });
    let document: ExecutionArgs['document'];
    try {
      document = parse(params.query); // armor's token limit runs here
    } catch (err) {
      if (err instanceof GraphQLError) return [withRequestErrorCode(err)];
      throw err;
    }
    const args: ExecutionArgs = {
      schema: s,
      operationName: params.operationName,
      document,
      variableValues: params.variables,
      contextValue: await contextFactory(),
      rootValue: { execute, subscribe },
    };
    try {
      const errors = validate(args.schema, args.document); // armor's depth/cost/alias limits may throw here
      return errors.length ? errors.map(withRequestErrorCode) : args;
    } catch (err) {
      if (err instanceof GraphQLError) return [withRequestErrorCode(err)];
      throw err;
    }
  }

  let nextSocket = 0;
  const wss = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint });
  installPreSerialisedSend(wss); // shared run-event results: serialised once, not once per socket
  const wsServer = useServer<Record<string, unknown>, { viewer: Viewer; socketId: string }>(
    {
      // Once per socket: a socket without a valid token is refused (false → close 4403 Forbidden).
      onConnect: async (ctx) => {
        const em = services.orm.em.fork();
        const auth = await authenticate(em, services.jwtKey, parseBearer(connectionAuthorization(ctx.connectionParams)));
        if (!auth.viewer) return false;
        ctx.extra.viewer = auth.viewer;
        ctx.extra.socketId = `ws${++nextSocket}`;
        services.sockets.open++;
        return true;
      },
      // Only acknowledged sockets (counted in onConnect) disconnect.
      onDisconnect: () => {
        services.sockets.open--;
      },
      onNext: (_ctx, _id, _payload, _args, result) => preSerialisedNext(result as ExecutionResult),
      // Each operation's log lines carry "<socket>:<operation id>" as their requestId.
      onSubscribe: (ctx, id, params) =>
        logContext.run({ requestId: `${ctx.extra.socketId}:${id}` }, async () => {
          const prepared = await prepareOperation(ctx, params);
          if (!Array.isArray(prepared)) setDeliveryTarget((prepared as ExecutionArgs).contextValue, { socket: ctx.extra.socket, id });
          return prepared;
        }),
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
    },
    wss,
  );

  let stopped = false;
  let sweep: Promise<number> = Promise.resolve(0);
  return {
    yoga,
    httpServer,
    async start(port = services.config.port, host = services.config.host) {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      await startServices(services);
      // A spool file not written since before this process started, and for longer than one request may last
      // (Node's requestTimeout, 300 s by default; 1 h when it is off), was left by a crash mid-upload. The
      // second bound keeps the in-flight upload of another process sharing ARTIFACT_DIR, whose file may have
      // been written last just before this boot.
      const spoolDir = uploadSpoolDir(services.runs.artifactDir);
      const requestLimitMs = httpServer.requestTimeout > 0 ? httpServer.requestTimeout : 3_600_000;
      sweep = sweepStaleSpoolFiles(spoolDir, Math.min(performance.timeOrigin, Date.now() - requestLimitMs)).then(
        (removed) => {
          if (removed > 0) log.info('removed stale upload spool files', { removed, dir: spoolDir });
          return removed;
        },
        (err: unknown) => {
          log.error('sweeping stale upload spool files failed', { err, dir: spoolDir });
          return 0;
        },
      );
      const bound = (httpServer.address() as AddressInfo).port;
      services.logger.info('listening', { app: `http://${host}:${bound}/`, graphql: `http://${host}:${bound}/graphql` });
      return bound;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await wsServer.dispose();
      await new Promise<void>((resolve) => {
        wss.close(() => resolve());
      });
      await new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve();
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await sweep;
      await closeServices(services);
    },
    spoolSweep: () => sweep,
  };
}
