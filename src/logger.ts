import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogLevel } from './config.js';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The request being handled (app.ts runs each HTTP request and WebSocket operation inside it), so every
 * log line written on its behalf carries its requestId without passing it around.
 */
export const logContext = new AsyncLocalStorage<{ requestId: string }>();

function plain(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** One JSON object per line on stderr: time, level, scope, msg, requestId (inside a request), then the fields (runId, ...). */
export function createLogger(level: LogLevel = 'info', scope = 'caretql'): Logger {
  const min = RANK[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[lvl] < min) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, scope, msg: message };
    const requestId = logContext.getStore()?.requestId;
    if (requestId) entry['requestId'] = requestId;
    for (const [k, v] of Object.entries(fields ?? {})) entry[k] = plain(v);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry['time'], level: lvl, scope, msg: message, requestId, note: 'fields could not be serialised' });
    }
    process.stderr.write(`${line}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(level, `${scope}:${child}`),
  };
}
