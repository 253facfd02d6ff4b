import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { pingDatabase } from '../src/db.js';
import { User } from '../src/entities/index.js';
import { createLogger } from '../src/logger.js';
import { closeServices, createServices, startServices } from '../src/services.js';

const tmp = mkdtempSync(join(tmpdir(), 'caretql-services-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('services', () => {
  it('creates the SQLite file and its folders, migrates, and keeps a generated JWT secret across restarts', async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(tmp, 'deep', 'dir', 'db.sqlite')}`, ARTIFACT_DIR: join(tmp, 'artifacts') });
    const secretFile = join(tmp, 'var', 'jwt-secret');
    const logger = createLogger('silent');
    const first = await createServices(config, { logger, jwtSecretFile: secretFile });
    expect(await pingDatabase(first.orm)).toBe(true);
    expect(await first.orm.em.fork().count(User, {})).toBe(0);
    const mode = statSync(secretFile).mode & 0o777;
    expect(mode).toBe(0o600);
    const secret = readFileSync(secretFile, 'utf8');
    await closeServices(first);

    const second = await createServices(config, { logger, jwtSecretFile: secretFile });
    expect(readFileSync(secretFile, 'utf8')).toBe(secret);
    expect(Buffer.from(second.jwtKey).toString()).toBe(secret.trim());
    await closeServices(second);
  });

  it('runs start hooks in order and stop hooks in reverse, before the database closes', async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(tmp, 'hooks.sqlite')}`, JWT_SECRET: 'x'.repeat(20), ARTIFACT_DIR: join(tmp, 'a2') });
    const services = await createServices(config, { logger: createLogger('silent') });
    const calls: string[] = [];
    services.onStart.push(() => void calls.push('start a'), () => void calls.push('start b'));
    services.onStop.push(
      async () => void calls.push(`stop a db=${await pingDatabase(services.orm)}`),
      () => void calls.push('stop b'),
    );
    await startServices(services);
    await closeServices(services);
    expect(calls).toEqual(['start a', 'start b', 'stop b', 'stop a db=true']);
  });
});
