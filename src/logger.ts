import type { LogLevel } from './config.js';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function render(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    const text = v instanceof Error ? (v.stack ?? v.message) : typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${k}=${text}`);
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** A tiny leveled logger writing one line per entry to stderr. */
export function createLogger(level: LogLevel = 'info', scope = 'caretql'): Logger {
  const min = RANK[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[lvl] < min) return;
    process.stderr.write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${scope}] ${message}${render(fields)}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(level, `${scope}:${child}`),
  };
}
