import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MikroORM, type MigrationObject, type Options } from '@mikro-orm/core';
// Types only: each driver package is loaded on demand, for the configured database (loadDriver).
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sqlite';
import type { DatabaseConfig } from './config.js';
import { ALL_ENTITIES } from './entities/index.js';
import type { Logger } from './logger.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

export type Orm = MikroORM<AbstractSqlDriver>;
/** The entity manager type every unit of work gets (a fork; the global one is disallowed). */
export type Em = SqlEntityManager;

export interface InitOrmOptions {
  /** Default true: bring the schema up to date before returning. */
  migrate?: boolean;
  /** Where `npm run migration:create` writes new migrations. */
  migrationsPath?: string;
}

interface SqliteHandle {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** Per-connection pragmas: they do not persist, so every (re)created connection gets them. */
const SQLITE_PRAGMAS = [
  'pragma journal_mode = WAL',
  'pragma busy_timeout = 5000',
  'pragma synchronous = NORMAL',
  'pragma foreign_keys = ON',
].join(';');

export function migrationsDir(kind: DatabaseConfig['kind']): string {
  return resolve(dirname(new URL(import.meta.url).pathname), 'migrations', kind);
}

/** The MikroORM driver class of a database kind; the other driver's package (and its client library) is never loaded. */
async function loadDriver(kind: DatabaseConfig['kind']): Promise<NonNullable<Options['driver']>> {
  if (kind === 'sqlite') return (await import('@mikro-orm/sqlite')).SqliteDriver;
  return (await import('@mikro-orm/postgresql')).PostgreSqlDriver;
}

export async function ormOptions(db: DatabaseConfig, logger?: Logger, options: InitOrmOptions = {}): Promise<Options> {
  const driver = await loadDriver(db.kind);
  const common = {
    entities: ALL_ENTITIES,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    logger: (message: string) => logger?.debug(message),
    discovery: { warnWhenNoEntities: true },
  } satisfies Options;
  const migrations = {
    tableName: MIGRATIONS_TABLE,
    snapshot: false,
    transactional: true,
    allOrNothing: true,
    emit: 'ts' as const,
    path: options.migrationsPath ?? migrationsDir(db.kind),
    pathTs: options.migrationsPath ?? migrationsDir(db.kind),
  };
  if (db.kind === 'sqlite') {
    return {
      ...common,
      driver,
      dbName: db.path,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: SqliteHandle, done: (err: Error | null, conn: SqliteHandle) => void) =>
          conn.exec(SQLITE_PRAGMAS, (err) => done(err, conn)),
      },
      migrations: { ...migrations, migrationsList: SQLITE_MIGRATIONS },
    };
  }
  return {
    ...common,
    driver,
    clientUrl: db.url,
    migrations: { ...migrations, migrationsList: POSTGRESQL_MIGRATIONS },
  };
}

/** Opens the database (creating the SQLite file and its folders) and runs pending migrations. */
export async function initORM(db: DatabaseConfig, logger?: Logger, options: InitOrmOptions = {}): Promise<Orm> {
  if (db.kind === 'sqlite' && db.path !== ':memory:') mkdirSync(dirname(resolve(db.path)), { recursive: true });
  const orm = (await MikroORM.init(await ormOptions(db, logger, options))) as unknown as Orm;
  if (options.migrate ?? true) {
    try {
      const applied = await migrate(orm, db, options.migrationsPath);
      if (applied.length) logger?.info('database migrated', { applied });
    } catch (err) {
      await orm.close(true);
      throw err;
    }
  }
  return orm;
}

/** Arbitrary constant: the PostgreSQL advisory lock that serialises migrations of processes starting together. */
const MIGRATION_LOCK_KEY = 741_852_963;

/**
 * Whether some registered migration is not in the migrations table yet (or the table is missing). The
 * usual boot finds none with one query, and no Migrator is created (umzug's set-up, its storage queries);
 * orm.getMigrator() still creates one on demand. (The package itself is loaded anyway: the migration
 * classes extend its Migration.)
 */
async function hasPendingMigrations(orm: Orm, registered: readonly MigrationObject[]): Promise<boolean> {
  let rows: Array<{ name: string }>;
  try {
    rows = await orm.em.getConnection().execute<Array<{ name: string }>>(`select name from ${MIGRATIONS_TABLE}`);
  } catch {
    return true; // no table: a new database
  }
  // The Migrator stores names without a file extension; be lenient about one anyway.
  const applied = new Set(rows.map((r) => r.name.replace(/\.[jt]s$/, '')));
  return registered.some((m) => !applied.has(m.name.replace(/\.[jt]s$/, '')));
}

async function migrate(orm: Orm, db: DatabaseConfig, migrationsPath: string | undefined): Promise<string[]> {
  const registered = db.kind === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRESQL_MIGRATIONS;
  // A custom migrations path (npm run migration:create) always goes through the Migrator.
  if (migrationsPath === undefined && !(await hasPendingMigrations(orm, registered))) return [];
  const up = async (): Promise<string[]> => (await orm.getMigrator().up()).map((m) => m.name);
  if (db.kind !== 'postgresql') return up(); // SQLite: one writer at a time anyway (busy_timeout)
  // Held by a session of the pool while the migrator works on another; a second process waits, then finds nothing to do.
  return orm.em
    .getConnection()
    .getKnex()
    .transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
      return up();
    });
}

/** True when the database answers a trivial query. */
export async function pingDatabase(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

/** Runs one statement on a PostgreSQL server outside any entity context (create/drop database). */
async function onPostgresAdmin(adminUrl: string, sql: string): Promise<void> {
  const orm = await MikroORM.init({
    driver: await loadDriver('postgresql'),
    clientUrl: adminUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}

const SAFE_DB_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates database `name` on the server of adminUrl; returns the URL of the new database. */
export async function createPostgresDatabase(adminUrl: string, name: string): Promise<string> {
  if (!SAFE_DB_NAME.test(name)) throw new Error(`unsafe database name: ${name}`);
  await onPostgresAdmin(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  if (!SAFE_DB_NAME.test(name)) throw new Error(`unsafe database name: ${name}`);
  await onPostgresAdmin(adminUrl, `drop database if exists "${name}" with (force)`);
}
