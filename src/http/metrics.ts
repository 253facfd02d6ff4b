// GET /metrics: the operator metrics in Prometheus' text format. With METRICS_TOKEN set, only a request
// with "Authorization: Bearer <METRICS_TOKEN>" gets them (401 otherwise).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics/registry.js';

export const isMetricsRequest = (req: IncomingMessage): boolean => req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?') === true);

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export async function serveMetrics(metrics: Metrics, token: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (token !== undefined && !tokenMatches(req.headers.authorization, token)) {
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
    res.end('metrics need the METRICS_TOKEN bearer token\n');
    return;
  }
  const body = await metrics.text();
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  res.end(body);
}
