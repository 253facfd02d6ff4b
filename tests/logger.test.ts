// Structured logs: one JSON object per line, with the request id of the request being handled.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, logContext } from '../src/logger.js';

describe('logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes JSON lines with scope, level, requestId inside a request, and the fields (errors as objects)', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const log = createLogger('info', 'caretql').child('runs');
    log.debug('hidden');
    logContext.run({ requestId: 'req-42' }, () => log.info('run claimed', { runId: 'r1' }));
    log.error('boom', { runId: 'r2', err: new Error('bad') });
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a).toMatchObject({ level: 'info', scope: 'caretql:runs', msg: 'run claimed', requestId: 'req-42', runId: 'r1' });
    expect(b).toMatchObject({ level: 'error', msg: 'boom', runId: 'r2', err: { name: 'Error', message: 'bad' } });
    expect(b).not.toHaveProperty('requestId');
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
  });
});
