/** Administration of the local store itself: status, credentials. Not KMS operations, so not through the SDK. */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {LOCAL_DEFAULT_REGION, localEngine} from './clients.js'
import {KmsError, ExitCode} from './errors.js'
import {ensureAdmin} from './local/engine/identity.js'
import {SCHEMA_VERSION} from './local/store.js'
import {defaultHome} from './paths.js'
import {readMeta} from './local/store.js'

export interface LocalStoreStatus {
  Home: string
  Database: string
  AccountId: string
  KeyStore: string
  SchemaVersion: number
  Keys: number
  Aliases: number
  Users: number
  AuditRecords: number
}

export function describeLocalStore(options: {create: boolean}): LocalStoreStatus {
  const home = defaultHome()
  const database = join(home, 'kms.db')
  if (!options.create && !existsSync(database)) {
    throw new KmsError('NotFound', `no local KMS store in ${home}`, {exitCode: ExitCode.NotFound, hint: 'create it: kms local init (or just use any command)'})
  }
  const engine = localEngine(home)
  ensureAdmin(engine)
  const count = (table: string) => (engine.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n
  return {
    Home: home,
    Database: database,
    AccountId: engine.accountId,
    KeyStore: readMeta(engine.db, 'root_key_source') === 'passphrase' ? 'file (root key from KMS_LOCAL_PASSPHRASE)' : `file (${join(home, 'root.key')})`,
    SchemaVersion: SCHEMA_VERSION,
    Keys: count('keys'),
    Aliases: count('aliases'),
    Users: count('principals'),
    AuditRecords: count('events'),
  }
}

export interface LocalCredentials {
  AccessKeyId: string
  SecretAccessKey: string
  Region: string
  AccountId: string
}

export function localCredentials(region = process.env.AWS_REGION ?? LOCAL_DEFAULT_REGION): LocalCredentials {
  const engine = localEngine()
  const {AccessKeyId, SecretAccessKey} = ensureAdmin(engine)
  return {AccessKeyId, SecretAccessKey, Region: region, AccountId: engine.accountId}
}
