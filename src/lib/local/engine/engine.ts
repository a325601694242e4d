/**
 * The local engine: the store, its key store and a clock. Operations receive a RequestContext
 * naming the Region and the calling principal, and note the keys they touch for the audit record.
 */
import {randomInt} from 'node:crypto'
import {openFileKeyStore, type Sealer} from '../keystore/file.js'
import {immediate, openStore, readMeta, writeMeta, type Db} from '../store.js'

export type Clock = () => Date

export interface Engine {
  readonly home: string
  readonly db: Db
  readonly sealer: Sealer
  readonly clock: Clock
  readonly accountId: string
}

export interface Principal {
  arn: string
  accountId: string
  name: string
  principalId: string
  accessKeyId: string
}

export interface RequestContext {
  readonly engine: Engine
  readonly region: string
  readonly caller: Principal
  /** Key ARNs the operation touched, in order: CloudTrail's `resources`. */
  readonly resources: string[]
  keyMaterialId?: string
  responseElements?: Record<string, unknown> | null
}

export interface EngineOptions {
  home: string
  clock?: Clock
  passphrase?: string
}

export function openEngine(options: EngineOptions): Engine {
  const db = openStore(options.home)
  const sealer = openFileKeyStore(db, options.home, options.passphrase ?? process.env.KMS_LOCAL_PASSPHRASE)
  const accountId = immediate(db, () => {
    const existing = readMeta(db, 'account_id')
    if (existing) return existing
    const fresh = String(randomInt(1e11, 1e12 - 1)).padStart(12, '0')
    writeMeta(db, 'account_id', fresh)
    return fresh
  })
  return {home: options.home, db, sealer, clock: options.clock ?? (() => new Date()), accountId}
}

