import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { createPostgresDatabase, dropPostgresDatabase, initORM } from '../../src/db.js';
import { TEST_PG_ADMIN_URL, testDatabases } from '../helpers/infra.js';

const databases = await testDatabases();

async function withDatabase(kind: 'sqlite' | 'postgresql', fn: (db: DatabaseConfig) => Promise<void>): Promise<void> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'caretql-mig-'));
    try {
      await fn({ kind: 'sqlite', path: join(dir, 'db.sqlite'), url: 'sqlite:test' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const name = `caretql_mig_${process.pid}_${Date.now()}`;
  const url = await createPostgresDatabase(TEST_PG_ADMIN_URL, name);
  try {
    await fn({ kind: 'postgresql', url });
  } finally {
    await dropPostgresDatabase(TEST_PG_ADMIN_URL, name);
  }
}

describe.each(databases)('migrations (%s)', (kind) => {
  it('the diff check sees a difference on a database without migrations', async () => {
    await withDatabase(kind, async (db) => {
      const orm = await initORM(db, undefined, { migrate: false });
      try {
        expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toMatch(/create table/i);
      } finally {
        await orm.close(true);
      }
    });
  });

  it('bring an empty database exactly to the entities (no diff left: run `npm run migration:create` if this fails)', async () => {
    await withDatabase(kind, async (db) => {
      const orm = await initORM(db);
      try {
        const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
        expect(diff.trim()).toBe('');
        // A second start finds nothing to do.
        expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      } finally {
        await orm.close(true);
      }
    });
  });

  it('a database some migrations behind gets the rest at the next start (the pending check reads the migrations table)', async () => {
    await withDatabase(kind, async (db) => {
      const first = await initORM(db, undefined, { migrate: false });
      let total: number;
      try {
        const pending = await first.getMigrator().getPendingMigrations();
        total = pending.length;
        expect(total).toBeGreaterThan(1);
        await first.getMigrator().up({ to: pending[0]!.name });
      } finally {
        await first.close(true);
      }
      const orm = await initORM(db);
      try {
        expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
        expect(await orm.getMigrator().getExecutedMigrations()).toHaveLength(total);
        expect((await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
      } finally {
        await orm.close(true);
      }
    });
  });
});
