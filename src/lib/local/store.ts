/**
 * The local KMS's SQLite store: one database per local home. WAL and a busy timeout let many
 * processes (parallel CI jobs) share one home; every mutation runs in one IMMEDIATE transaction.
 *
 * Durability: a commit returns only once it is on disk (synchronous = FULL), so a key whose ID
 * was handed out, and with which data may already be encrypted, survives a power failure or an
 * OS crash. Audit records alone are written without waiting for the disk (`withoutWaitingForDisk`):
 * the last few may be lost in a power failure, never the keys.
 */
import Database from 'better-sqlite3'
import {closeSync, mkdirSync, openSync} from 'node:fs'
import {join} from 'node:path'

export type Db = Database.Database

/** Each entry upgrades the schema by one version; never edit a released entry, append a new one. */
const migrations: string[] = [
  `CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE principals (
     arn TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, principal_id TEXT NOT NULL,
     created INTEGER NOT NULL);
   CREATE TABLE access_keys (
     access_key_id TEXT PRIMARY KEY, principal_arn TEXT NOT NULL REFERENCES principals(arn) ON DELETE CASCADE,
     sealed_secret BLOB NOT NULL, created INTEGER NOT NULL);
   CREATE TABLE keys (
     region TEXT NOT NULL, key_id TEXT NOT NULL, account_id TEXT NOT NULL, arn TEXT NOT NULL,
     created INTEGER NOT NULL, description TEXT NOT NULL DEFAULT '', key_usage TEXT NOT NULL,
     key_spec TEXT NOT NULL, origin TEXT NOT NULL, key_state TEXT NOT NULL, deletion_date INTEGER,
     pending_window_days INTEGER, policy TEXT NOT NULL, multi_region INTEGER NOT NULL DEFAULT 0,
     current_material_id TEXT, valid_to INTEGER, expiration_model TEXT,
     rotation_period_days INTEGER, next_rotation INTEGER,
     PRIMARY KEY (region, key_id));
   CREATE TABLE key_materials (
     key_id TEXT NOT NULL, material_id TEXT NOT NULL, sealed BLOB NOT NULL, created INTEGER NOT NULL,
     PRIMARY KEY (key_id, material_id));
   CREATE TABLE aliases (
     region TEXT NOT NULL, alias_name TEXT NOT NULL, target_key_id TEXT NOT NULL,
     created INTEGER NOT NULL, updated INTEGER NOT NULL, PRIMARY KEY (region, alias_name));
   CREATE INDEX aliases_by_key ON aliases (region, target_key_id);
   CREATE TABLE tags (
     region TEXT NOT NULL, key_id TEXT NOT NULL, tag_key TEXT NOT NULL, tag_value TEXT NOT NULL,
     PRIMARY KEY (region, key_id, tag_key));
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, event_time INTEGER NOT NULL,
     region TEXT NOT NULL, event_name TEXT NOT NULL, record TEXT NOT NULL);
   CREATE INDEX events_by_time ON events (region, event_time);`,
  // Asymmetric and HMAC keys, rotation history, multi-Region keys, imported key material.
  `ALTER TABLE keys ADD COLUMN primary_region TEXT;
   ALTER TABLE key_materials ADD COLUMN public_key BLOB;
   ALTER TABLE key_materials ADD COLUMN rotation_type TEXT;
   ALTER TABLE key_materials ADD COLUMN rotation_date INTEGER;
   ALTER TABLE key_materials ADD COLUMN import_state TEXT;
   ALTER TABLE key_materials ADD COLUMN expiration_model TEXT;
   ALTER TABLE key_materials ADD COLUMN valid_to INTEGER;
   ALTER TABLE key_materials ADD COLUMN description TEXT;
   ALTER TABLE key_materials ADD COLUMN fingerprint BLOB;
   CREATE TABLE import_tokens (
     token_id TEXT PRIMARY KEY, region TEXT NOT NULL, key_id TEXT NOT NULL, wrapping_algorithm TEXT NOT NULL,
     wrapping_key_spec TEXT NOT NULL, sealed_private BLOB NOT NULL, valid_to INTEGER NOT NULL);`,
  `CREATE INDEX keys_by_state_date ON keys (key_state, deletion_date);
   CREATE INDEX keys_by_next_rotation ON keys (next_rotation);
   CREATE INDEX materials_by_valid_to ON key_materials (valid_to);`,
]

export const SCHEMA_VERSION = migrations.length

/** Opens (creating if needed) the store in `home`, applying pending migrations once. */
export function openStore(home: string): Db {
  mkdirSync(home, {recursive: true, mode: 0o700})
  const path = join(home, 'kms.db')
  closeSync(openSync(path, 'a', 0o600)) // SQLite gives its -wal and -shm files the database file's mode
  const db = new Database(path, {timeout: 30_000})
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', {simple: true}) as number
  if (current >= migrations.length) return
  immediate(db, () => {
    const version = db.pragma('user_version', {simple: true}) as number
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v])
    db.pragma(`user_version = ${migrations.length}`)
  })
}

/**
 * Runs `fn` (a write whose loss in a power failure is acceptable: an audit record) with commits
 * that do not wait for the disk. Inside a transaction it changes nothing: the transaction's own
 * commit decides.
 */
export function withoutWaitingForDisk<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn()
  db.pragma('synchronous = NORMAL')
  try {
    return fn()
  } finally {
    db.pragma('synchronous = FULL')
  }
}

/**
 * Copies what the write-ahead log holds into the database file now, without waiting for other
 * connections (PASSIVE). Otherwise the last connection does it when it closes, at the process's
 * exit: after a command wrote hundreds of MiB, its disk flush then waits for all of that data
 * (ext4 orders it first), measured at 140–160 ms. A command calls this once its KMS calls are done.
 */
export function checkpoint(db: Db): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Another connection is checkpointing: the close at exit does what is left.
  }
}

/** Runs `fn` in a write (IMMEDIATE) transaction, so concurrent writers queue on the busy timeout. */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
}

export function readMeta(db: Db, name: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as {value: string} | undefined
  return row?.value
}

export function writeMeta(db: Db, name: string, value: string): void {
  db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value)
}
